using System.Text;
using DomainCpu.CatalogGen;
using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>tools/catalog-gen run against the real QEMU 7.2, 10.0 and 11.1, each named by the libvirt shipped beside it:
/// the file it writes is the committed schemas/cpu-catalog.xml, byte for byte (the committed file came from an earlier
/// run, so this also proves two runs agree). QEMU 7.2 is the installed qemu-system-x86_64 (CI installs it);
/// DOMAINCPU_QEMU_10_0 and DOMAINCPU_QEMU_11_1 hold the commands that run the other two (CI runs them in Debian trixie
/// and sid chroots). A missing QEMU fails.</summary>
[TestFixture]
public sealed class QemuCatalogGeneratorTests
{
    private const string Qemu72 = "qemu-system-x86_64";

    [Test]
    public void Generator_reproduces_the_committed_catalog_byte_for_byte()
    {
        Assert.That(OnPath(Qemu72), Is.True, $"{Qemu72} is not installed (CI installs it)");
        var options = new GeneratorOptions(
        [
            new ReleaseSource(Path.Combine(Corpus.Libvirt90, "cpu_map"), "9.0", [Qemu72]),
            new ReleaseSource(Path.Combine(Corpus.Release("libvirt-11.3"), "cpu_map"), "11.3", Command("DOMAINCPU_QEMU_10_0", "10.0")),
            new ReleaseSource(Path.Combine(Corpus.Release("libvirt-12.8"), "cpu_map"), "12.8", Command("DOMAINCPU_QEMU_11_1", "11.1")),
        ], null, Math.Min(4, Environment.ProcessorCount));
        var log = new StringWriter();
        var generated = Generator.Run(options, log);
        TestContext.Out.Write(log.ToString());
        var committed = File.ReadAllBytes(Path.Combine(Repository.Root, "schemas", "cpu-catalog.xml"));
        if (!committed.AsSpan().SequenceEqual(generated))
        {
            var a = Encoding.UTF8.GetString(committed).Split('\n');
            var b = Encoding.UTF8.GetString(generated).Split('\n');
            var i = 0;
            while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
            var differing = a.Zip(b).Count(p => p.First != p.Second) + Math.Abs(a.Length - b.Length);
            Assert.Fail($"schemas/cpu-catalog.xml differs from the generator's output in {differing} lines, first at line {i + 1}:\n" +
                $"- {a.ElementAtOrDefault(i)}\n+ {b.ElementAtOrDefault(i)}\n(rerun tools/catalog-gen and review the change)");
        }
    }

    /// <summary>The command in an environment variable, split at spaces.</summary>
    private static string[] Command(string variable, string release)
    {
        var command = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(command)) Assert.Fail($"{variable} does not name a command that runs QEMU {release} (CI sets it)");
        return command!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));
}

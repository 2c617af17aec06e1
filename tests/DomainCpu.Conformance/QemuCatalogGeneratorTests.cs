using System.Text;
using DomainCpu.CatalogGen;
using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>tools/catalog-gen run against the installed QEMU (CI installs qemu-system-x86_64; a missing QEMU fails):
/// two runs give the same bytes, and those are the committed schemas/cpu-catalog.xml.</summary>
[TestFixture]
public sealed class QemuCatalogGeneratorTests
{
    private const string Qemu = "qemu-system-x86_64";

    [Test]
    public void Generator_reproduces_the_committed_catalog_byte_for_byte()
    {
        Assert.That(OnPath(Qemu), Is.True, $"{Qemu} is not installed (CI installs it)");
        var options = new GeneratorOptions(Path.Combine(Corpus.Libvirt90, "cpu_map"), Qemu, null, Math.Min(4, Environment.ProcessorCount));
        var first = Generator.Run(options);
        var second = Generator.Run(options);
        Assert.That(second, Is.EqualTo(first), "two runs against the same QEMU differ");
        var committed = File.ReadAllBytes(Path.Combine(RepoRoot(), "schemas", "cpu-catalog.xml"));
        if (!committed.AsSpan().SequenceEqual(first))
        {
            var a = Encoding.UTF8.GetString(committed).Split('\n');
            var b = Encoding.UTF8.GetString(first).Split('\n');
            var i = 0;
            while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
            Assert.Fail($"schemas/cpu-catalog.xml differs from the generator's output at line {i + 1}:\n- {a.ElementAtOrDefault(i)}\n+ {b.ElementAtOrDefault(i)}\n(rerun tools/catalog-gen and review the change)");
        }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DomainCpu.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (DomainCpu.sln)");
    }
}

using System.Text;
using DomainCpu.Cli;
using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// <c>format --define --libvirt 11.3|12.8</c> writes the <c>&lt;cpu&gt;</c> as that release defines it: libvirt 11.3's
/// xmlconf runs (the formatted definition, <c>.xml</c>, of every x86 run libvirt defines), and libvirt 12.8's own
/// define of the same inputs with QEMU 11.1 (the live oracle's <c>defined/*.defined.cpu.xml</c>).
/// </summary>
[TestFixture]
public class ReleaseFormatConformanceTests
{
    [Test]
    public void FormatDefineWritesTheCpuAsLibvirt113Does()
    {
        var release = Corpus.Release("libvirt-11.3");
        const string kind = "x86 runs: <cpu> as libvirt 11.3 defines it, the rest untouched";
        var table = new PassRateTable("libvirt-11.3 xmlconf: format --define --libvirt 11.3", new KindFloor(kind, 100));
        foreach (var row in XmlConfRow.Read(release).RowsOrFail().Where(r => r.Expect is "ok" or "failure"))
        {
            if (row.ExpectedXmlPath is not { } expected || !File.Exists(expected) || !IsX86(File.ReadAllText(row.InputPath))) continue;
            var (code, stdout, stderr) = Cli("--libvirt", "11.3", "format", "--define", "--cpu-map", Path.Combine(release, "cpu_map"),
                "--qemu-caps", row.CapsPath, row.InputPath);
            var ours = code == 0 ? FormattedCpu.Of(stdout) : $"exit {code}: {stderr.Trim()}";
            var theirs = FormattedCpu.Of(File.ReadAllText(expected));
            table.Count(kind, row.Name, ours != theirs ? $"libvirt {Show(theirs)}, ours {Show(ours)}"
                : Outside(stdout) != Outside(File.ReadAllText(row.InputPath)) ? "bytes outside <cpu> changed" : null);
        }
        table.PrintAndAssert();
    }

    [Test]
    public void FormatDefineWritesTheCpuAsLibvirt128Does()
    {
        var inputs = Path.Combine(Corpus.Release("libvirt-11.3"), "xmlconf");
        var live = Corpus.Release("live-qemu-11.1");
        var caps = Path.Combine(live, "qemucaps-cache.qemu-system-x86_64.kvm.xml");
        const string kind = "defined <cpu> of the live oracle's domains";
        var table = new PassRateTable("live-qemu-11.1 defines by libvirt 12.8: format --define --libvirt 12.8", new KindFloor(kind, 100));
        foreach (var defined in Directory.GetFiles(Path.Combine(live, "oracle", "defined"), "*.defined.cpu.xml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(defined)[..^".defined.cpu.xml".Length];
            var input = Path.Combine(inputs, name + ".xml");
            if (!File.Exists(input)) continue;
            var (code, stdout, stderr) = Cli("--libvirt", "12.8", "format", "--define", "--cpu-map", Path.Combine(Corpus.Release("libvirt-12.8"), "cpu_map"),
                "--qemu-caps", caps, input);
            var ours = code == 0 ? FormattedCpu.Of(stdout) : $"exit {code}: {stderr.Trim()}";
            // The oracle kept the element as it stood in the domain: two spaces before its first line.
            var theirs = "  " + File.ReadAllText(defined).TrimEnd('\n');
            table.Count(kind, name, ours == theirs, $"libvirt {Show(theirs)}, ours {Show(ours)}");
        }
        table.PrintAndAssert();
    }

    private static (int Code, string Stdout, string Stderr) Cli(params string[] args)
    {
        using var stdin = new MemoryStream();
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var code = DomainCpu.Cli.Program.Run(args, new CliContext(stdin, stdout, stderr));
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private static bool IsX86(string domain) => domain.Contains("arch='x86_64'", StringComparison.Ordinal) || domain.Contains("arch='i686'", StringComparison.Ordinal);

    /// <summary>The document without the lines of its <c>&lt;cpu&gt;</c>.</summary>
    private static string Outside(string domain) =>
        FormattedCpu.Of(domain) is { } cpu ? domain.Replace(cpu + "\n", "", StringComparison.Ordinal) : domain;

    private static string Show(string? text) => text is null ? "(no <cpu>)" : text.Replace("\n", "\\n", StringComparison.Ordinal);
}

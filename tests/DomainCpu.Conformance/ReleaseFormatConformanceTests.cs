using System.Text;
using System.Text.RegularExpressions;
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
    /// <summary>Floors of the shares of runs whose &lt;cpu&gt; equals libvirt's (only ever go up).</summary>
    private const double Libvirt113Floor = 1.0;
    private const double Libvirt128Floor = 1.0;

    [Test]
    public void FormatDefineWritesTheCpuAsLibvirt113Does()
    {
        var release = Corpus.Release("libvirt-11.3");
        var xmlconf = Path.Combine(release, "xmlconf");
        var total = 0;
        var misses = new List<string>();
        foreach (var row in Rows(xmlconf).Where(r => r.Length > 7 && r[5] is "ok" or "failure"))
        {
            var input = Path.Combine(xmlconf, row[1]);
            var expected = Path.Combine(xmlconf, row[7]);
            if (!File.Exists(expected) || !IsX86(File.ReadAllText(input))) continue;
            var caps = Regex.Match(row[2], @"caps_file=(\S+)").Groups[1].Value;
            total++;
            var (code, stdout, stderr) = Cli("--libvirt", "11.3", "format", "--define", "--cpu-map", Path.Combine(release, "cpu_map"),
                "--qemu-caps", Path.Combine(release, "caps", "qemucapabilitiesdata", caps), input);
            var ours = code == 0 ? CpuText(stdout) : $"exit {code}: {stderr.Trim()}";
            var theirs = CpuText(File.ReadAllText(expected));
            if (ours != theirs) misses.Add($"{row[0]}: libvirt {Show(theirs)}, ours {Show(ours)}");
            else if (Outside(stdout) != Outside(File.ReadAllText(input))) misses.Add($"{row[0]}: bytes outside <cpu> changed");
        }
        Report("libvirt 11.3 xmlconf (x86): format --define <cpu> equals libvirt's, the rest untouched", total, misses, Libvirt113Floor);
    }

    [Test]
    public void FormatDefineWritesTheCpuAsLibvirt128Does()
    {
        var inputs = Path.Combine(Corpus.Release("libvirt-11.3"), "xmlconf");
        var live = Corpus.Release("live-qemu-11.1");
        var caps = Path.Combine(live, "qemucaps-cache.qemu-system-x86_64.kvm.xml");
        var total = 0;
        var misses = new List<string>();
        foreach (var defined in Directory.GetFiles(Path.Combine(live, "oracle", "defined"), "*.defined.cpu.xml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(defined)[..^".defined.cpu.xml".Length];
            var input = Path.Combine(inputs, name + ".xml");
            if (!File.Exists(input)) continue;
            total++;
            var (code, stdout, stderr) = Cli("--libvirt", "12.8", "format", "--define", "--cpu-map", Path.Combine(Corpus.Release("libvirt-12.8"), "cpu_map"),
                "--qemu-caps", caps, input);
            var ours = code == 0 ? CpuText(stdout) : $"exit {code}: {stderr.Trim()}";
            // The oracle kept the element as it stood in the domain: two spaces before its first line.
            var theirs = "  " + File.ReadAllText(defined).TrimEnd('\n');
            if (ours != theirs) misses.Add($"{name}: libvirt {Show(theirs)}, ours {Show(ours)}");
        }
        Report("libvirt 12.8 define with QEMU 11.1: format --define <cpu> equals libvirt's", total, misses, Libvirt128Floor);
    }

    private static (int Code, string Stdout, string Stderr) Cli(params string[] args)
    {
        using var stdin = new MemoryStream();
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var code = DomainCpu.Cli.Program.Run(args, new CliContext(stdin, stdout, stderr));
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private static IReadOnlyList<string[]> Rows(string folder) =>
        File.ReadAllLines(Path.Combine(folder, "CASES.tsv")).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();

    private static bool IsX86(string domain) => domain.Contains("arch='x86_64'", StringComparison.Ordinal) || domain.Contains("arch='i686'", StringComparison.Ordinal);

    /// <summary>The lines of a libvirt-formatted domain's <c>&lt;cpu&gt;</c> (two spaces in, its end tag alone on a
    /// line at the same depth); null when it has none.</summary>
    private static string? CpuText(string domain)
    {
        var lines = domain.Split('\n');
        var first = Array.FindIndex(lines, l => Regex.IsMatch(l, @"^  <cpu[ >/]"));
        if (first < 0) return null;
        if (lines[first].TrimEnd().EndsWith("/>", StringComparison.Ordinal)) return lines[first];
        var last = Array.FindIndex(lines, first, l => l == "  </cpu>");
        return string.Join("\n", lines[first..(last + 1)]);
    }

    /// <summary>The document without the lines of its <c>&lt;cpu&gt;</c>.</summary>
    private static string Outside(string domain) =>
        CpuText(domain) is { } cpu ? domain.Replace(cpu + "\n", "", StringComparison.Ordinal) : domain;

    private static string Show(string? text) => text is null ? "(no <cpu>)" : text.Replace("\n", "\\n", StringComparison.Ordinal);

    private static void Report(string what, int total, List<string> misses, double floor)
    {
        var rate = total == 0 ? 0 : (double)(total - misses.Count) / total;
        TestContext.Out.WriteLine($"| {what} | {total - misses.Count}/{total} | {rate:P1} | floor {floor:P1} |");
        foreach (var m in misses) TestContext.Out.WriteLine("  " + m);
        Assert.That(total, Is.GreaterThan(0), $"{what}: no cases");
        Assert.That(rate, Is.GreaterThanOrEqualTo(floor), $"{what}: pass rate below the floor");
    }
}

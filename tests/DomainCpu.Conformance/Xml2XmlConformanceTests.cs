using System.Text;
using System.Xml.Linq;
using DomainCpu.Cli;
using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// libvirt's qemuxml2xml cases for x86 guests: <c>domaincpu format --define</c> on the xml2argv input must give
/// (a) the same <c>&lt;cpu&gt;</c> element text as libvirt's stored definition (no element when libvirt has none),
/// and (b) exactly the input's bytes everywhere outside <c>&lt;cpu&gt;</c>.
/// </summary>
[TestFixture]
public class Xml2XmlConformanceTests
{
    /// <summary>The lowest accepted share of cases whose &lt;cpu&gt; equals libvirt's (only ever goes up).</summary>
    public const double CpuElementFloor = 1.0;

    /// <summary>The lowest accepted share of cases whose bytes outside &lt;cpu&gt; equal the input's.</summary>
    public const double OutsideBytesFloor = 1.0;

    /// <summary>Cases known to miss, with the reason. Empty: every visible case passes.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownMisses = new Dictionary<string, string>();

    private sealed record Outcome(string Test, string Capabilities, bool Cpu, bool Outside, string Detail);

    [Test]
    public void CpuElementMatchesLibvirtAndTheRestIsUntouched()
    {
        var outcomes = new List<Outcome>();
        foreach (var row in Corpus.Cases("xml2xml"))
        {
            var (test, input, capabilities, expectedFile) = (row[0], row[1], row[2], row[4]);
            var inputPath = Path.Combine(Corpus.Libvirt90, "xml2argv", input);
            var inputBytes = File.ReadAllBytes(inputPath);
            if (!IsX86(inputBytes)) continue;
            outcomes.Add(Run(test, inputPath, inputBytes, capabilities, Path.Combine(Corpus.Libvirt90, "xml2xml", expectedFile)));
        }

        var n = outcomes.Count;
        var cpuOk = outcomes.Count(o => o.Cpu);
        var outsideOk = outcomes.Count(o => o.Outside);
        var cpuRate = n == 0 ? 0 : (double)cpuOk / n;
        var outsideRate = n == 0 ? 0 : (double)outsideOk / n;
        TestContext.Out.WriteLine("xml2xml (x86) conformance");
        TestContext.Out.WriteLine($"  {"check",-30} {"pass",5} {"total",5} {"rate",7} {"floor",7}");
        TestContext.Out.WriteLine($"  {"(a) <cpu> equals libvirt's",-30} {cpuOk,5} {n,5} {cpuRate,7:P1} {CpuElementFloor,7:P1}");
        TestContext.Out.WriteLine($"  {"(b) bytes outside <cpu> kept",-30} {outsideOk,5} {n,5} {outsideRate,7:P1} {OutsideBytesFloor,7:P1}");
        foreach (var g in outcomes.GroupBy(o => o.Capabilities.StartsWith("real:", StringComparison.Ordinal) ? "  real QEMU capabilities" : "  fake capabilities (none given)"))
        {
            TestContext.Out.WriteLine($"  {g.Key,-30}: (a) {g.Count(o => o.Cpu)}/{g.Count()}, (b) {g.Count(o => o.Outside)}/{g.Count()}");
        }
        foreach (var o in outcomes.Where(o => !o.Cpu || !o.Outside))
        {
            var known = KnownMisses.TryGetValue(o.Test, out var why) ? $" (known: {why})" : " (not in KnownMisses)";
            TestContext.Out.WriteLine($"  MISS {o.Test}: {o.Detail}{known}");
        }

        Assert.That(n, Is.GreaterThan(0), "no x86 xml2xml case found in the corpus");
        Assert.Multiple(() =>
        {
            Assert.That(cpuRate, Is.GreaterThanOrEqualTo(CpuElementFloor), "(a) <cpu> pass rate fell below the floor");
            Assert.That(outsideRate, Is.GreaterThanOrEqualTo(OutsideBytesFloor), "(b) outside-bytes pass rate fell below the floor");
        });
    }

    private static Outcome Run(string test, string inputPath, byte[] inputBytes, string capabilities, string expectedPath)
    {
        var args = new List<string> { "--libvirt", "9.0", "format", "--define" };
        if (CapsFileFor(capabilities) is { } caps) args.AddRange(new[] { "--qemu-caps", caps });
        args.Add(inputPath);
        using var stdin = new MemoryStream();
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var code = DomainCpu.Cli.Program.Run(args.ToArray(), new CliContext(stdin, stdout, stderr));
        if (code != 0) return new Outcome(test, capabilities, false, false, $"exit {code}: {stderr.ToString().Trim()}");

        var ours = Encoding.UTF8.GetString(stdout.ToArray());
        var libvirt = File.ReadAllText(expectedPath);
        var input = Encoding.UTF8.GetString(inputBytes);
        var ourCpu = CpuLines(ours);
        var libvirtCpu = CpuLines(libvirt);
        var cpuOk = ourCpu?.Text == libvirtCpu?.Text;
        var outsideOk = Outside(ours) == Outside(input);
        var detail = new List<string>();
        if (!cpuOk) detail.Add($"<cpu> differs: ours {Show(ourCpu?.Text)} vs libvirt {Show(libvirtCpu?.Text)}");
        if (!outsideOk) detail.Add("bytes outside <cpu> changed");
        return new Outcome(test, capabilities, cpuOk, outsideOk, string.Join("; ", detail));
    }

    private static string Show(string? text) => text is null ? "(none)" : text.Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>caps/qemucapabilitiesdata/caps_V.x86_64.xml for <c>real:x86_64-V</c> (latest = 8.0.0); none for fake caps.</summary>
    private static string? CapsFileFor(string capabilities)
    {
        const string prefix = "real:x86_64-";
        if (!capabilities.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var version = capabilities[prefix.Length..];
        if (version == "latest") version = "8.0.0";
        return Path.Combine(Corpus.Libvirt90, "caps", "qemucapabilitiesdata", $"caps_{version}.x86_64.xml");
    }

    private static bool IsX86(byte[] bytes)
    {
        var doc = XDocument.Parse(Encoding.UTF8.GetString(bytes));
        var arch = (string?)doc.Root?.Element("os")?.Element("type")?.Attribute("arch");
        return arch is "x86_64" or "i686";
    }

    /// <summary>The whole lines a domain's <c>&lt;cpu&gt;</c> occupies (libvirt-formatted documents: the element
    /// starts its line and its end tag sits alone on a later line at the same indentation).</summary>
    private static (int First, int Last, string Text)? CpuLines(string text)
    {
        var doc = XDocument.Parse(text, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace);
        var cpu = doc.Root?.Element("cpu");
        if (cpu is null) return null;
        var lines = text.Split('\n');
        var first = ((System.Xml.IXmlLineInfo)cpu).LineNumber - 1;
        var indent = lines[first][..lines[first].IndexOf('<', StringComparison.Ordinal)];
        var last = first;
        if (!lines[first].TrimEnd('\r').EndsWith("/>", StringComparison.Ordinal))
        {
            while (lines[last].TrimEnd('\r') != indent + "</cpu>") last++;
        }
        return (first, last, string.Join("\n", lines[first..(last + 1)]));
    }

    /// <summary>The document without the lines of its <c>&lt;cpu&gt;</c>.</summary>
    private static string Outside(string text)
    {
        if (CpuLines(text) is not { } cpu) return text;
        var lines = text.Split('\n').ToList();
        lines.RemoveRange(cpu.First, cpu.Last - cpu.First + 1);
        return string.Join("\n", lines);
    }
}

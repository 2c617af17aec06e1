using System.Text;
using System.Xml.Linq;
using DomainCpu.Cli;
using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// libvirt's qemuxml2xml cases for x86 guests: <c>domaincpu format --define</c> on the xml2argv input must give
/// (a) the same <c>&lt;cpu&gt;</c> element text as libvirt's stored definition (no element when libvirt has none),
/// and (b) exactly the input's bytes everywhere outside <c>&lt;cpu&gt;</c>. One test case per x86 row.
/// </summary>
[TestFixture]
public class Xml2XmlConformanceTests
{
    private const string CpuElement = "<cpu> equals libvirt's";
    private const string OutsideBytes = "bytes outside <cpu> kept";

    private static readonly RowCheck<Xml2XmlRow> Check = new("libvirt-9.0 xml2xml, x86 guests: format --define", "libvirt-9.0", Xml2XmlRow.Read,
        row => !File.Exists(row.InputPath) || IsX86(File.ReadAllBytes(row.InputPath)), _ => CpuElement, Judge,
        new KindFloor(CpuElement, 100), new KindFloor(OutsideBytes, 100));

    public static IEnumerable<TestCaseData> Rows() => Check.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<Xml2XmlRow> c) => Check.AssertCase(c);

    [Test]
    public void PassRates() => Check.AssertPassRates();

    private sealed record Outcome(bool Cpu, bool Outside, string Detail);

    private static void Judge(Xml2XmlRow row, CaseResults results)
    {
        var o = Run(row.InputPath, File.ReadAllBytes(row.InputPath), row.Capabilities, row.ExpectedPath);
        results.Count(CpuElement, o.Cpu ? null : o.Detail);
        results.Count(OutsideBytes, o.Outside ? null : o.Detail);
    }

    private static Outcome Run(string inputPath, byte[] inputBytes, string capabilities, string expectedPath)
    {
        var args = new List<string> { "--libvirt", "9.0", "format", "--define" };
        if (CapsFileFor(capabilities) is { } caps) args.AddRange(new[] { "--qemu-caps", caps });
        args.Add(inputPath);
        using var stdin = new MemoryStream();
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var code = DomainCpu.Cli.Program.Run(args.ToArray(), new CliContext(stdin, stdout, stderr));
        if (code != 0) return new Outcome(false, false, $"exit {code}: {stderr.ToString().Trim()}");

        var ours = Encoding.UTF8.GetString(stdout.ToArray());
        var libvirt = File.ReadAllText(expectedPath);
        var input = Encoding.UTF8.GetString(inputBytes);
        var ourCpu = CpuLines.Of(ours);
        var libvirtCpu = CpuLines.Of(libvirt);
        var cpuOk = ourCpu?.Text == libvirtCpu?.Text;
        var outsideOk = CpuLines.Outside(ours) == CpuLines.Outside(input);
        var detail = new List<string>();
        if (!cpuOk) detail.Add($"<cpu> differs: ours {CpuLines.Show(ourCpu?.Text)} vs libvirt {CpuLines.Show(libvirtCpu?.Text)}");
        if (!outsideOk) detail.Add("bytes outside <cpu> changed");
        return new Outcome(cpuOk, outsideOk, string.Join("; ", detail));
    }

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
}

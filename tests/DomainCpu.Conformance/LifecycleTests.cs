using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// Real libvirt 9.0 with QEMU 7.2 (TCG): for each lifecycle case, the domain with its CPU as defined goes through
/// <c>domaincpu expand --live</c> with the captured capabilities beside it (<c>type='kvm'</c> read as
/// <c>qemu</c>), and must give the CPU libvirt showed while the guest ran (or refuse a start libvirt refused);
/// <c>domaincpu strip</c> of that must give back the domain byte for byte, with the CPU libvirt showed after stop.
/// </summary>
[TestFixture]
public class LifecycleTests
{
    private static string Live => Corpus.LiveQemu72;

    private static string Oracle => Path.Combine(Live, "oracle", "lifecycle");

    private static readonly RowCheck<LifecycleRow> Check = new("live-qemu-7.2 lifecycle (libvirt 9.0 + QEMU 7.2, TCG, kvm read as qemu)",
        "live-qemu-7.2", LifecycleRow.Read, _ => true, row => row.Status == "ok" ? "live" : row.Status, Judge,
        new KindFloor("live", 100), new KindFloor("stopped", 100), new KindFloor("start-error", 100), new KindFloor("define-error", 100));

    public static IEnumerable<TestCaseData> Rows() => Check.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<LifecycleRow> c) => Check.AssertCase(c);

    [Test]
    public void PassRates() => Check.AssertPassRates();

    private static void Judge(LifecycleRow row, CaseResults results)
    {
        var name = row.Name;
        var domain = DomainFor(name);
        switch (row.Status)
        {
            case "ok":
                var (live, liveMiss) = ExpandAndCompare(name, domain);
                results.Count("live", liveMiss);
                results.Count("stopped", live is null ? "no live document" : StripAndCompare(name, domain, live));
                break;
            case "start-error":
                var refused = Run(domain, name, out var stderr);
                results.Count("start-error", refused == 1 ? null : $"exit {refused}, libvirt refused: {row.Message}");
                break;
            default:
                var code = Run(domain, name, out _);
                results.Count("define-error", code == 1 ? null : $"exit {code}, libvirt refused the definition: {row.Message}");
                break;
        }
    }

    /// <summary>The corpus domain with <c>type='kvm'</c> read as qemu and its CPU as libvirt defined it.</summary>
    internal static byte[] DomainFor(string name)
    {
        var text = File.ReadAllText(Path.Combine(Corpus.Libvirt90, "xml2argv", name + ".xml"));
        text = text.Replace("<domain type='kvm'", "<domain type='qemu'", StringComparison.Ordinal);
        var doc = DomainDocument.Parse(text, name + ".xml");
        var defined = Path.Combine(Oracle, name + ".defined.cpu.xml");
        if (File.Exists(defined)) doc = doc.WithCpu(ReadCpu(File.ReadAllBytes(defined), defined), DomainCpu.Targets.LibvirtProfile.Libvirt90.CpuXml);
        return doc.ToBytes();
    }

    internal static string DomCapsFor(byte[] domain)
    {
        var machine = DomainDocument.Load(domain, "-").ReadDomainInfo().Machine ?? "";
        return Path.Combine(Live, machine.Contains("q35", StringComparison.Ordinal)
            ? "domcapabilities.qemu-q35.tcg.xml" : "domcapabilities.qemu-pc.tcg.xml");
    }

    private static int Run(byte[] domain, string name, out string stderr)
    {
        var r = LifecycleCli.Run(domain, "--libvirt", "9.0", "expand", "--live", "--cpu-map", Path.Combine(Corpus.Libvirt90, "cpu_map"), "--caps", Path.Combine(Live, "capabilities.tcg.xml"),
            "--domcaps", DomCapsFor(domain), "--qemu-caps", Path.Combine(Live, "qemucaps-cache.qemu-system-x86_64.tcg.xml"), "-");
        stderr = r.Stderr;
        return r.ExitCode;
    }

    private static (byte[]? Live, string? Miss) ExpandAndCompare(string name, byte[] domain)
    {
        var r = LifecycleCli.Run(domain, "--libvirt", "9.0", "expand", "--live", "--cpu-map", Path.Combine(Corpus.Libvirt90, "cpu_map"), "--caps", Path.Combine(Live, "capabilities.tcg.xml"),
            "--domcaps", DomCapsFor(domain), "--qemu-caps", Path.Combine(Live, "qemucaps-cache.qemu-system-x86_64.tcg.xml"), "-");
        if (r.ExitCode != 0) return (null, $"exit {r.ExitCode}: {r.Stderr.Trim()}");
        var expectedPath = Path.Combine(Oracle, name + ".live.cpu.xml");
        var expected = ReadCpu(File.ReadAllBytes(expectedPath), expectedPath);
        var actual = DomainDocument.Load(r.Stdout, "live").ReadCpu();
        return (r.Stdout, Equals(expected, actual) ? null : "live CPU differs: " + Difference(expected, actual));
    }

    private static string? StripAndCompare(string name, byte[] domain, byte[] live)
    {
        var r = LifecycleCli.Run(live, "strip", "-");
        if (r.ExitCode != 0) return $"strip exit {r.ExitCode}: {r.Stderr.Trim()}";
        if (!r.Stdout.AsSpan().SequenceEqual(domain)) return "strip did not give back the domain byte for byte";
        var expectedPath = Path.Combine(Oracle, name + ".stopped.cpu.xml");
        var expected = ReadCpu(File.ReadAllBytes(expectedPath), expectedPath);
        var actual = DomainDocument.Load(r.Stdout, "stopped").ReadCpu();
        return Equals(expected, actual) ? null : "stopped CPU differs: " + Difference(expected, actual);
    }

    private static CpuDefinition? ReadCpu(byte[] bytes, string file) => DomainDocument.Load(bytes, file).ReadCpu();

    private static string Difference(CpuDefinition? expected, CpuDefinition? actual)
    {
        if (expected is null || actual is null) return expected is null ? "libvirt has no CPU" : "we have no CPU";
        var parts = new List<string>();
        if (expected.Mode != actual.Mode || expected.Check != actual.Check || expected.Match != actual.Match) parts.Add("attributes");
        if (!Equals(expected.Model, actual.Model)) parts.Add($"model {expected.Model} vs {actual.Model}");
        if (expected.Vendor != actual.Vendor) parts.Add($"vendor {expected.Vendor} vs {actual.Vendor}");
        var e = expected.Features.Select(f => $"{f.Policy}:{f.Name}").ToList();
        var a = actual.Features.Select(f => $"{f.Policy}:{f.Name}").ToList();
        var only = e.Except(a).ToList();
        var extra = a.Except(e).ToList();
        if (only.Count > 0) parts.Add("libvirt only: " + string.Join(" ", only));
        if (extra.Count > 0) parts.Add("ours only: " + string.Join(" ", extra));
        if (only.Count == 0 && extra.Count == 0 && !e.SequenceEqual(a)) parts.Add("feature order");
        if (!Equals(expected.Numa, actual.Numa)) parts.Add("numa");
        if (!Equals(expected.Topology, actual.Topology)) parts.Add("topology");
        return parts.Count == 0 ? "other" : string.Join("; ", parts);
    }
}

using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using DomainCpu.Qemu;
using NUnit.Framework;
using DomainCpu.Host;
using DomainCpu.Start;

namespace DomainCpu.Conformance;

/// <summary>
/// (b) What real libvirt 9.0 + QEMU 7.2 (TCG) built for this half's cases, <c>type='kvm'</c> read as <c>qemu</c>
/// (live-qemu-7.2/oracle/argv.tcg-kvm-as-qemu.tsv), run with the capabilities, domain capabilities and
/// QEMU capabilities recorded beside it: one test case per row.
/// </summary>
[TestFixture]
public class LiveArgvConformanceTests
{
    private static readonly RowCheck<LiveArgvRow> Check = new("live-qemu-7.2 argv (libvirt 9.0 + QEMU 7.2, TCG, kvm read as qemu)",
        "live-qemu-7.2", live => LiveArgvRow.Read(live, "tcg-kvm-as-qemu"), _ => true, KindOf,
        (row, results) => results.Count(KindOf(row), Compare(row)),
        new KindFloor("accepted", 100), new KindFloor("refused", 100));

    public static IEnumerable<TestCaseData> Rows() => Check.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<LiveArgvRow> c) => Check.AssertCase(c);

    [Test]
    public void PassRates()
    {
        var refused = LiveArgvRow.Read(Corpus.LiveQemu72, "tcg-kvm-as-qemu").Rows.Where(r => !r.Ok).ToList();
        var sameReason = refused.Count(r => Ours(r).Error is { } error && r.Error!.EndsWith(error, StringComparison.Ordinal));
        TestContext.Out.WriteLine($"refusals with libvirt's own reason: {sameReason} of {refused.Count}");
        Check.AssertPassRates();
    }

    private static string KindOf(LiveArgvRow row) => row.Ok ? "accepted" : "refused";

    private sealed record Recorded(QemuCapabilities Caps, CpuDefinition? Host, System.Collections.Immutable.ImmutableSortedSet<int>? HostNodes,
        CpuDefinition? Pc, CpuDefinition? Q35);

    private static readonly Lazy<Recorded> Live = new(() =>
    {
        var live = Corpus.LiveQemu72;
        return new Recorded(
            QemuCapabilitiesReader.ReadFile(Path.Combine(live, "qemucaps-cache.qemu-system-x86_64.tcg.xml")),
            ArgvOracleSupport.HostCpu(Path.Combine(live, "capabilities.tcg.xml")),
            ArgvOracleSupport.HostNumaNodes(Path.Combine(live, "capabilities.tcg.xml")),
            ArgvOracleSupport.HostModel(Path.Combine(live, "domcapabilities.qemu-pc.tcg.xml")),
            ArgvOracleSupport.HostModel(Path.Combine(live, "domcapabilities.qemu-q35.tcg.xml")));
    });

    /// <summary>Our -cpu and -smp (or refusal) for the row's domain, <c>type='kvm'</c> read as <c>qemu</c>.</summary>
    private static (string? Cpu, string? Smp, string? Error) Ours(LiveArgvRow row)
    {
        var text = ArgvOracleSupport.KvmAsQemu(File.ReadAllText(Path.Combine(Corpus.Libvirt90, row.File)));
        var r = Live.Value;
        var env = new StartContext { QemuCapabilities = r.Caps, Target = ArgvOracleSupport.Libvirt90, HostCpu = r.Host, HostNumaNodes = r.HostNodes, HostMemory = ArgvOracleSupport.OracleHostMemory, HostModel = text.Contains("q35", StringComparison.Ordinal) ? r.Q35 : r.Pc };
        return ArgvOracleSupport.Run(text, row.File, env);
    }

    private static string? Compare(LiveArgvRow row)
    {
        var (cpu, smp, error) = Ours(row);
        if (!row.Ok) return error is not null ? null : $"libvirt refuses ({row.Error}), we give -cpu {cpu} -smp {smp}";
        if (error is not null) return ArgvOracleSupport.Classify(error, row.Cpu);
        return cpu == row.Cpu && smp == row.Smp ? null : $"-cpu {cpu} -smp {smp}, libvirt -cpu {row.Cpu} -smp {row.Smp}";
    }
}

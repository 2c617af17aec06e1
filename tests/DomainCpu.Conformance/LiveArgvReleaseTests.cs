using System.Collections.Concurrent;
using DomainCpu.Conformance.Support;
using DomainCpu.Host;
using DomainCpu.Start;
using DomainCpu.Targets;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// What real libvirt 11.3 + QEMU 10.0 (<c>live-qemu-10.0</c>) and libvirt 12.8 + QEMU 11.1 (<c>live-qemu-11.1</c>) built
/// under TCG for libvirt 11.3's xmlconf domains with <c>type='kvm'</c> read as <c>qemu</c>
/// (<c>oracle/argv.tcg-kvm-as-qemu.tsv</c>), against <c>argv</c> answering as that release with its cpu_map and the
/// capabilities, domain capabilities and QEMU capabilities cache recorded beside it: one test case per row, as
/// <see cref="LiveArgvConformanceTests"/> does for libvirt 9.0 + QEMU 7.2.
/// </summary>
[TestFixture]
public class LiveArgvReleaseTests
{
    /// <summary>Why refusals of the oracle machine's own state are missed.</summary>
    private const string HostState =
        "the oracle machine has no numad and no hugetlbfs mounted, so libvirt refused automatic NUMA placement and " +
        "hugepage backing there; DomainCpu is given no such host facts (the capabilities files do not record them)";

    private static readonly RowCheck<LiveArgvRow> Qemu100 = Check("live-qemu-10.0", "libvirt-11.3", new(11, 3),
        new KindFloor("accepted", 100), new KindFloor("refused", 71, HostState));

    private static readonly RowCheck<LiveArgvRow> Qemu111 = Check("live-qemu-11.1", "libvirt-12.8", new(12, 8),
        new KindFloor("accepted", 100), new KindFloor("refused", 74, HostState));

    private static RowCheck<LiveArgvRow> Check(string live, string release, ReleaseVersion libvirt, params KindFloor[] floors) =>
        new($"{live} argv (libvirt {libvirt}, TCG, kvm read as qemu)", live, folder => LiveArgvRow.Read(folder, "tcg-kvm-as-qemu"), _ => true,
            KindOf, (row, results) => results.Count(KindOf(row), Compare(live, release, libvirt, row)), floors);

    public static IEnumerable<TestCaseData> Rows100() => Qemu100.Cases();

    public static IEnumerable<TestCaseData> Rows111() => Qemu111.Cases();

    [TestCaseSource(nameof(Rows100))]
    public void Qemu100Case(CorpusCase<LiveArgvRow> c) => Qemu100.AssertCase(c);

    [TestCaseSource(nameof(Rows111))]
    public void Qemu111Case(CorpusCase<LiveArgvRow> c) => Qemu111.AssertCase(c);

    [Test]
    public void Qemu100PassRates() => Qemu100.AssertPassRates();

    [Test]
    public void Qemu111PassRates() => Qemu111.AssertPassRates();

    private static string KindOf(LiveArgvRow row) => row.Ok ? "accepted" : "refused";

    private static readonly ConcurrentDictionary<string, LiveRecording> Recordings = new();

    private static string? Compare(string live, string release, ReleaseVersion libvirt, LiveArgvRow row)
    {
        var r = Recordings.GetOrAdd(live, l => LiveRecording.Read(Corpus.Release(l)));
        var map = Path.Combine(Corpus.Release(release), "cpu_map");
        var text = ArgvOracleSupport.KvmAsQemu(File.ReadAllText(Path.Combine(Corpus.Release("libvirt-11.3"), row.File)));
        var env = new StartContext
        {
            Target = TargetResolver.Resolve(new TargetRequest { Libvirt = libvirt, CpuMapDirectory = map, QemuCapabilities = r.Caps }),
            QemuCapabilities = r.Caps,
            HostCpu = r.Host,
            HostNumaNodes = r.HostNodes,
            HostModel = text.Contains("q35", StringComparison.Ordinal) ? r.Q35 : r.Pc,
        };
        var (cpu, smp, error) = ArgvOracleSupport.Run(text, row.File, env);
        if (!row.Ok) return error is not null ? null : $"libvirt refuses ({row.Error}), we give -cpu {cpu} -smp {smp}";
        if (error is not null) return $"we refuse: {error}";
        return cpu == row.Cpu && smp == row.Smp ? null : $"-cpu {cpu} -smp {smp}, libvirt -cpu {row.Cpu} -smp {row.Smp}";
    }
}

/// <summary>The host files a live oracle folder recorded under TCG.</summary>
internal sealed record LiveRecording(DomainCpu.Model.QemuCapabilities Caps, DomainCpu.Model.CpuDefinition? Host,
    System.Collections.Immutable.ImmutableSortedSet<int>? HostNodes, DomainCpu.Model.CpuDefinition? Pc, DomainCpu.Model.CpuDefinition? Q35)
{
    public static LiveRecording Read(string live) => new(
        QemuCapabilitiesReader.ReadFile(Path.Combine(live, "qemucaps-cache.qemu-system-x86_64.tcg.xml")),
        ArgvOracleSupport.HostCpu(Path.Combine(live, "capabilities.tcg.xml")),
        ArgvOracleSupport.HostNumaNodes(Path.Combine(live, "capabilities.tcg.xml")),
        ArgvOracleSupport.HostModel(Path.Combine(live, "domcapabilities.qemu-pc.tcg.xml")),
        ArgvOracleSupport.HostModel(Path.Combine(live, "domcapabilities.qemu-q35.tcg.xml")));
}

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
/// <see cref="LiveArgvConformanceTests"/> does for libvirt 9.0 + QEMU 7.2; and once more without the cpu_map, with the
/// release's embedded cpu_map models, as a host without that libvirt answers.
/// </summary>
[TestFixture]
public class LiveArgvReleaseTests
{
    private static readonly RowCheck<LiveArgvRow> Qemu100 = Check("qemu-10.0", "live-qemu-10.0", "libvirt-11.3", new(11, 3),
        new KindFloor("accepted", 100), new KindFloor("refused", 100));

    private static readonly RowCheck<LiveArgvRow> Qemu111 = Check("qemu-11.1", "live-qemu-11.1", "libvirt-12.8", new(12, 8),
        new KindFloor("accepted", 100), new KindFloor("refused", 100));

    /// <summary>The same rows without a cpu_map directory: the models are the release's embedded cpu_map models, as on a
    /// host without that libvirt.</summary>
    private static readonly RowCheck<LiveArgvRow> Qemu100Embedded = Check("qemu-10.0 embedded", "live-qemu-10.0", null, new(11, 3),
        new KindFloor("accepted", 100), new KindFloor("refused", 100));

    private static readonly RowCheck<LiveArgvRow> Qemu111Embedded = Check("qemu-11.1 embedded", "live-qemu-11.1", null, new(12, 8),
        new KindFloor("accepted", 100), new KindFloor("refused", 100));

    /// <param name="release">The corpus folder whose cpu_map gives the models; null for the release's embedded cpu_map models.</param>
    private static RowCheck<LiveArgvRow> Check(string name, string live, string? release, ReleaseVersion libvirt, params KindFloor[] floors) =>
        new($"{live} argv (libvirt {libvirt}, {(release is null ? "its embedded cpu_map models" : "its cpu_map")}, TCG, kvm read as qemu)", live, folder => LiveArgvRow.Read(folder, "tcg-kvm-as-qemu"), _ => true,
            KindOf, (row, results) => results.Count(KindOf(row), Compare(live, release, libvirt, row)), floors) { Name = name };

    private static readonly IRowCheck[] Checks = [Qemu100, Qemu111, Qemu100Embedded, Qemu111Embedded];

    public static IEnumerable<TestCaseData> Rows() => RowChecks.Cases(Checks);

    public static IEnumerable<TestCaseData> Tables() => RowChecks.Tables(Checks);

    /// <summary>One row of one release (<c>Case(qemu-10.0 embedded,cpu-Haswell)</c>).</summary>
    [TestCaseSource(nameof(Rows))]
    public void Case(IRowCheck check, object row) => check.AssertCase(row);

    /// <summary>One release's table.</summary>
    [TestCaseSource(nameof(Tables))]
    public void PassRates(IRowCheck check) => check.AssertPassRates();

    private static string KindOf(LiveArgvRow row) => row.Ok ? "accepted" : "refused";

    private static readonly ConcurrentDictionary<string, LiveRecording> Recordings = new();

    private static string? Compare(string live, string? release, ReleaseVersion libvirt, LiveArgvRow row)
    {
        var r = Recordings.GetOrAdd(live, l => LiveRecording.Read(Corpus.Release(l)));
        var map = release is null ? null : Path.Combine(Corpus.Release(release), "cpu_map");
        var text = ArgvOracleSupport.KvmAsQemu(File.ReadAllText(Path.Combine(Corpus.Release("libvirt-11.3"), row.File)));
        var env = new StartContext
        {
            Target = TargetResolver.Resolve(new TargetRequest { Libvirt = libvirt, CpuMapDirectory = map, QemuCapabilities = r.Caps }),
            QemuCapabilities = r.Caps,
            HostCpu = r.Host,
            HostNumaNodes = r.HostNodes,
            HostMemory = ArgvOracleSupport.OracleHostMemory,
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

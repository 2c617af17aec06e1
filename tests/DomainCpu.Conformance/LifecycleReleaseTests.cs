using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// Real libvirt 11.3 with QEMU 10.0 (<c>live-qemu-10.0</c>) and libvirt 12.8 with QEMU 11.1 (<c>live-qemu-11.1</c>),
/// both running libvirt 11.3's xmlconf domains under TCG with <c>type='kvm'</c> read as <c>qemu</c>: the judge of
/// <see cref="LifecycleTests"/> per release, with <c>format --define</c> judged too.
/// </summary>
[TestFixture]
public class LifecycleReleaseTests
{
    private static readonly LifecycleOracle Libvirt113 = new("live-qemu-10.0", "libvirt-11.3", "libvirt-11.3", "11.3", JudgesDefine: true);

    private static readonly LifecycleOracle Libvirt128 = new("live-qemu-11.1", "libvirt-11.3", "libvirt-12.8", "12.8", JudgesDefine: true);

    private static readonly RowCheck<LifecycleRow> Qemu100 = Check("qemu-10.0", Libvirt113,
        new KindFloor("defined", 100), new KindFloor("live", 100), new KindFloor("stopped", 100),
        new KindFloor("start-error", 100), new KindFloor("start-error-host", 100),
        new KindFloor("start-error-qemu", 100),
        new KindFloor("define-error", 100));

    private static readonly RowCheck<LifecycleRow> Qemu111 = Check("qemu-11.1", Libvirt128,
        new KindFloor("defined", 100), new KindFloor("live", 100), new KindFloor("stopped", 100),
        new KindFloor("start-error", 100), new KindFloor("start-error-host", 100),
        new KindFloor("start-error-qemu", 100),
        new KindFloor("define-error", 100));

    /// <summary>The same rows without a cpu_map directory, the recorded host files kept: the models are the release's
    /// embedded cpu_map models (as on a host without that libvirt), which must answer as its cpu_map does.</summary>
    private static readonly RowCheck<LifecycleRow> Qemu100Embedded = Check("qemu-10.0 embedded", Libvirt113 with { CpuMap = null },
        new KindFloor("defined", 100), new KindFloor("live", 100), new KindFloor("stopped", 100),
        new KindFloor("start-error", 100), new KindFloor("start-error-host", 100),
        new KindFloor("start-error-qemu", 100), new KindFloor("define-error", 100));

    private static readonly RowCheck<LifecycleRow> Qemu111Embedded = Check("qemu-11.1 embedded", Libvirt128 with { CpuMap = null },
        new KindFloor("defined", 100), new KindFloor("live", 100), new KindFloor("stopped", 100),
        new KindFloor("start-error", 100), new KindFloor("start-error-host", 100),
        new KindFloor("start-error-qemu", 100), new KindFloor("define-error", 100));

    private static RowCheck<LifecycleRow> Check(string name, LifecycleOracle oracle, params KindFloor[] floors) =>
        new($"{oracle.Live} lifecycle (libvirt {oracle.Libvirt}, {oracle.Models}, TCG, kvm read as qemu)", oracle.Live, LifecycleRow.Read, _ => true,
            LifecycleJudge.KindOf, (row, results) => LifecycleJudge.Judge(oracle, row, results), floors) { Name = name };

    private static readonly IRowCheck[] Checks = [Qemu100, Qemu111, Qemu100Embedded, Qemu111Embedded];

    public static IEnumerable<TestCaseData> Rows() => RowChecks.Cases(Checks);

    public static IEnumerable<TestCaseData> Tables() => RowChecks.Tables(Checks);

    /// <summary>One row of one release (<c>Case(qemu-10.0,cpu-Haswell)</c>).</summary>
    [TestCaseSource(nameof(Rows))]
    public void Case(IRowCheck check, object row) => check.AssertCase(row);

    /// <summary>One release's table (<c>PassRates(qemu-11.1 embedded)</c>).</summary>
    [TestCaseSource(nameof(Tables))]
    public void PassRates(IRowCheck check) => check.AssertPassRates();
}

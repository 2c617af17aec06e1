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

    /// <summary>The same rows without libvirt's cpu_map, the recorded host files kept: the models come from the embedded
    /// catalog of the recorded QEMU release, and the capability documents decide (<c>StartContext.CapabilitiesDecide</c>).</summary>
    private static readonly RowCheck<LifecycleRow> Qemu100Embedded = Check("qemu-10.0 embedded", Libvirt113 with { CpuMap = null },
        new KindFloor("defined", 100), new KindFloor("live", 9, LiveCpuNeedsCpuMap), new KindFloor("stopped", 100),
        new KindFloor("start-error", 89, VerificationNeedsCpuMap), new KindFloor("start-error-host", 100),
        new KindFloor("start-error-qemu", 100), new KindFloor("define-error", 100));

    private static readonly RowCheck<LifecycleRow> Qemu111Embedded = Check("qemu-11.1 embedded", Libvirt128 with { CpuMap = null },
        new KindFloor("defined", 100), new KindFloor("live", 10, LiveCpuNeedsCpuMap), new KindFloor("stopped", 100),
        new KindFloor("start-error", 89, VerificationNeedsCpuMap), new KindFloor("start-error-host", 100),
        new KindFloor("start-error-qemu", 100), new KindFloor("define-error", 100));

    /// <summary>Why the live CPU differs without libvirt's cpu_map.</summary>
    private const string LiveCpuNeedsCpuMap =
        "libvirt's live CPU is QEMU's enabled features measured against libvirt's own cpu_map model: it requires what QEMU " +
        "gives beyond it (qemu64 + hypervisor, lahf_lm) and disables what TCG cannot give (Haswell's pcid, tsc-deadline, " +
        "invpcid, ...); the embedded catalog's models are QEMU's, which hold those features, and without libvirt's models the " +
        "capability documents decide and TCG's vCPU is not predicted, so neither list is known (47 of 52 rows, 42 of 47; the 5 " +
        "that pass have no such features)";

    /// <summary>Why two refused starts are not refused without libvirt's cpu_map.</summary>
    private const string VerificationNeedsCpuMap =
        "check='full' (cpu-check-full) and the invariant TSC (cpu-tsc-frequency) are verified against the vCPU QEMU's TCG " +
        "gives, which is predicted only with libvirt's cpu_map models; without them the capability documents decide (2 rows)";

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

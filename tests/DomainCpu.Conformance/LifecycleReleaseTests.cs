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

    private static readonly RowCheck<LifecycleRow> Qemu100 = Check(Libvirt113,
        new KindFloor("defined", 100), new KindFloor("live", 100), new KindFloor("stopped", 100),
        new KindFloor("start-error", 100), new KindFloor("start-error-host", 0, LifecycleJudge.HostStateWhy),
        new KindFloor("define-error", 100));

    private static readonly RowCheck<LifecycleRow> Qemu111 = Check(Libvirt128,
        new KindFloor("defined", 100), new KindFloor("live", 100), new KindFloor("stopped", 100),
        new KindFloor("start-error", 100), new KindFloor("start-error-host", 0, LifecycleJudge.HostStateWhy),
        new KindFloor("define-error", 100));

    private static RowCheck<LifecycleRow> Check(LifecycleOracle oracle, params KindFloor[] floors) =>
        new($"{oracle.Live} lifecycle (libvirt {oracle.Libvirt}, TCG, kvm read as qemu)", oracle.Live, LifecycleRow.Read, _ => true,
            LifecycleJudge.KindOf, (row, results) => LifecycleJudge.Judge(oracle, row, results), floors);

    public static IEnumerable<TestCaseData> Rows100() => Qemu100.Cases();

    public static IEnumerable<TestCaseData> Rows111() => Qemu111.Cases();

    [TestCaseSource(nameof(Rows100))]
    public void Qemu100Case(CorpusCase<LifecycleRow> c) => Qemu100.AssertCase(c);

    [TestCaseSource(nameof(Rows111))]
    public void Qemu111Case(CorpusCase<LifecycleRow> c) => Qemu111.AssertCase(c);

    [Test]
    public void Qemu100PassRates() => Qemu100.AssertPassRates();

    [Test]
    public void Qemu111PassRates() => Qemu111.AssertPassRates();
}

using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// Real libvirt 9.0 with QEMU 7.2 (TCG): for each lifecycle case, the domain with its CPU as defined goes through
/// <c>domaincpu expand --live</c> with the captured capabilities beside it (<c>type='kvm'</c> read as
/// <c>qemu</c>), and must give the CPU libvirt showed while the guest ran (or refuse a start libvirt refused);
/// <c>domaincpu strip</c> of that must give back the domain byte for byte, with the CPU libvirt showed after stop
/// (<see cref="LifecycleJudge"/>; <see cref="LifecycleReleaseTests"/> does the same for libvirt 11.3 and 12.8).
/// </summary>
[TestFixture]
public class LifecycleTests
{
    internal static readonly LifecycleOracle Oracle = new("live-qemu-7.2", "libvirt-9.0", "libvirt-9.0", "9.0", JudgesDefine: false);

    private static readonly RowCheck<LifecycleRow> Check = new("live-qemu-7.2 lifecycle (libvirt 9.0 + QEMU 7.2, TCG, kvm read as qemu)",
        Oracle.Live, LifecycleRow.Read, _ => true, LifecycleJudge.KindOf, (row, results) => LifecycleJudge.Judge(Oracle, row, results),
        new KindFloor("live", 100), new KindFloor("stopped", 100), new KindFloor("start-error", 100), new KindFloor("define-error", 100));

    public static IEnumerable<TestCaseData> Rows() => Check.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<LifecycleRow> c) => Check.AssertCase(c);

    [Test]
    public void PassRates() => Check.AssertPassRates();
}

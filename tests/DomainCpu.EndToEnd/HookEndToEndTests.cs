using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.EndToEnd;

/// <summary>
/// <c>domaincpu hook</c> installed in a real libvirtd (docs/hook.md, no captured files: it reads what libvirt cached)
/// and a table of TCG guests (testdata/e2e) started, saved, restored and destroyed with and without it. The bar:
/// the same start verdicts, no false and no missed refusal, every restore and migratable dump working, and the
/// live <c>&lt;cpu&gt;</c> of every started guest what <c>domaincpu expand --live</c> says from the same host data.
/// </summary>
[TestFixture]
public class HookEndToEndTests
{
    public static IEnumerable<TestCaseData> Guests() =>
        Guest.Table().Select(g => new TestCaseData(g.Name).SetArgDisplayNames(g.Name));

    [TestCaseSource(nameof(Guests))]
    public void EachGuest(string name)
    {
        var run = EndToEndRun.Instance;
        var guest = run.Guests.Single(g => g.Name == name);
        TestContext.Out.WriteLine(guest.Case);
        var failures = GuestChecks.Of(run, guest).Where(c => c.Failure is not null).Select(c => $"{c.Kind}: {c.Failure}").ToList();
        if (failures.Count > 0) Assert.Fail(string.Join("\n", failures));
    }

    [Test]
    public void PassRates()
    {
        var run = EndToEndRun.Instance;
        var table = new PassRateTable($"libvirt {run.Libvirt} with domaincpu hook installed, {run.Guests.Count} TCG guests",
            GuestChecks.Kinds.Select(k => new KindFloor(k, 100)).ToArray());
        foreach (var guest in run.Guests)
        {
            foreach (var (kind, failure) in GuestChecks.Of(run, guest)) table.Count(kind, guest.Name, failure);
        }
        TestContext.Out.WriteLine($"libvirtd passes (define, start, save, restore, destroy; without and with the hook) and cpu-compare: {run.Duration.TotalSeconds:F0} s");
        table.PrintAndAssert();
    }
}

using NUnit.Framework;

namespace DomainCpu.EndToEnd;

/// <summary>Starts the run of every release at once, before any test asks for one: the three daemons work on their
/// guests side by side (most of a pass is waiting for QEMU and libvirt), which keeps the suite within CI's budget. A
/// test then waits for its release's run; a run that fails fails that release's tests.</summary>
[SetUpFixture]
public class AllRunsAtOnce
{
    [OneTimeSetUp]
    public void StartEveryRun()
    {
        foreach (var release in HookEndToEndTests.Releases)
        {
            _ = Task.Run(() =>
            {
                try
                {
                    EndToEndRun.For(release);
                }
                catch (Exception)
                {
                    // Kept by the run's Lazy and thrown to every test of the release.
                }
            });
        }
    }
}

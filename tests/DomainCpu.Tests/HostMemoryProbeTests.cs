using DomainCpu.Cli;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>This machine's memory facts as the CLI reads them: hugetlbfs mounts of /proc/mounts (their pagesize option,
/// else the default huge page size of /proc/meminfo) and whether numad was found.</summary>
[TestFixture]
public class HostMemoryProbeTests
{
    private const string Meminfo = "MemTotal:       16384000 kB\nHugepagesize:       2048 kB\n";

    [Test]
    public void EachHugetlbfsMountGivesItsPageSize()
    {
        const string mounts = "proc /proc proc rw,nosuid 0 0\n" +
                              "hugetlbfs /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0\n" +
                              "none /dev/hugepages1G hugetlbfs rw,relatime,pagesize=1024M 0 0\n" +
                              "none /mnt/huge hugetlbfs rw,relatime 0 0\n";
        var facts = HostMemoryProbe.Read(mounts, Meminfo, numad: true);
        Assert.That(facts.NumadAdvice, Is.True);
        Assert.That(facts.HugetlbfsPageSizesKiB, Is.EqualTo(new ulong[] { 2048, 1048576, 2048 }));
    }

    [Test]
    public void NoHugetlbfsMountGivesNoPageSize()
    {
        var facts = HostMemoryProbe.Read("tmpfs /dev/shm tmpfs rw 0 0\n", Meminfo, numad: false);
        Assert.That(facts.NumadAdvice, Is.False);
        Assert.That(facts.HugetlbfsPageSizesKiB, Is.Empty);
    }

    [TestCase("--numad", "maybe")]
    [TestCase("--hugetlbfs", "2M")]
    public void AnUnreadableFactIsAUsageError(string option, string value)
    {
        var domain = Path.Combine(Golden.Root, "testdata", "argv", "topology-features-12.8", "domain.xml");
        var r = CliHarness.Run(["argv", "--qemu", "7.2", option, value, domain]);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Stderr);
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.Stderr, Does.Contain(option));
    }
}

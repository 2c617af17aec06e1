using System.Text;
using DomainCpu.Cli;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>What a real start's thread setup asks of the host (<c>expand --live</c>): the online CPUs a pinned thread can
/// run on and the cgroup controllers a scheduler quota needs, as options and as this machine's files read them.</summary>
[TestFixture]
public class HostThreadTests
{
    [Test]
    public void CgroupV2ControllersAreTheRootsList() =>
        Assert.That(HostThreadProbe.Controllers("cpuset cpu io memory pids\n"), Is.EqualTo(new[] { "cpu", "cpuset", "io", "memory", "pids" }));

    [Test]
    public void CgroupV1ControllersAreTheEnabledMountedOnes()
    {
        const string cgroups = "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t3\t5\t1\ncpu\t1\t5\t0\nmemory\t0\t1\t1\npids\t4\t9\t1\n";
        Assert.That(HostThreadProbe.ControllersV1(cgroups), Is.EqualTo(new[] { "cpuset", "pids" }));
    }

    [TestCase("--host-cpus", "two")]
    [TestCase("--cgroups", "CPU!")]
    public void AnUnreadableFactIsAUsageError(string option, string value)
    {
        var r = Expand(Domain(""), [option, value]);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Stderr);
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.Stderr, Does.Contain(option));
    }

    /// <summary>The kernel takes a mask with at least one online CPU (the others are ignored), as libvirt's own test
    /// case cputune-cpuset-big-id starts its first vCPU on 0,16383.</summary>
    [Test]
    public void APinWithOneOnlineCpuStarts()
    {
        var r = Expand(Domain("<cputune><vcpupin vcpu='0' cpuset='0,16383'/><vcpupin vcpu='1' cpuset='1-3'/></cputune>"), ["--host-cpus", "0-1"]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
    }

    [Test]
    public void TheDefaultCpusetCountsForUnpinnedThreads()
    {
        var r = Expand(Domain("<cputune><vcpupin vcpu='0' cpuset='0'/></cputune>", vcpu: "<vcpu cpuset='8-9'>2</vcpu>"), ["--host-cpus", "0-1"]);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain("[DC1662] cannot set CPU affinity on process (emulator, cpuset '8-9'): Invalid argument"));
    }

    [Test]
    public void AutomaticPlacementLeavesThePinsToNumad()
    {
        var r = Expand(Domain("", vcpu: "<vcpu placement='auto' cpuset='8-9'>2</vcpu>"), ["--host-cpus", "0-1", "--numad", "yes", "--hugetlbfs", "none"]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
    }

    [Test]
    public void AQuotaStartsWithTheCpuController()
    {
        var r = Expand(Domain("<cputune><quota>-1</quota></cputune>"), ["--cgroups", "cpu,cpuset"]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
    }

    private static string Domain(string cputune, string vcpu = "<vcpu>2</vcpu>") =>
        $"<domain type='kvm'>\n  <name>guest</name>\n  <memory unit='KiB'>1048576</memory>\n  {vcpu}\n  {cputune}\n" +
        "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n  <cpu mode='custom' check='none'><model>Westmere</model></cpu>\n</domain>\n";

    private static CliHarness.Result Expand(string domain, string[] args)
    {
        var caps = Path.Combine(Golden.Root, "testdata", "expand", "custom-check-none", "caps.xml");
        return CliHarness.RunWithInput(Encoding.UTF8.GetBytes(domain), ["expand", "--live", "--caps", caps, .. args, "-"]);
    }
}

using DomainCpu.Host;
using DomainCpu.Model;
using NUnit.Framework;

namespace DomainCpu.Tests;

[TestFixture]
public class HostFactsTests
{
    private string _root = "";

    [SetUp]
    public void MakeRoot() => _root = Directory.CreateTempSubdirectory("domaincpu-hostfacts-").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>A fake sysfs: CPUs (package, core, siblings) spread over NUMA nodes.</summary>
    private void Cpus(string present, string online, params (int Cpu, int Node, int Package, int Core, string Siblings)[] cpus)
    {
        Write("sys/devices/system/cpu/present", present + "\n");
        Write("sys/devices/system/cpu/online", online + "\n");
        foreach (var c in cpus)
        {
            Write($"sys/devices/system/cpu/cpu{c.Cpu}/topology/physical_package_id", $"{c.Package}\n");
            Write($"sys/devices/system/cpu/cpu{c.Cpu}/topology/core_id", $"{c.Core}\n");
            Write($"sys/devices/system/cpu/cpu{c.Cpu}/topology/thread_siblings_list", c.Siblings + "\n");
            if (c.Node >= 0) Directory.CreateDirectory(Path.Combine(_root, $"sys/devices/system/node/node{c.Node}/cpu{c.Cpu}"));
        }
    }

    private static readonly CpuidData Invtsc = new([new CpuidLeaf(0x80000007, 0, 0, 0, 0, 0x100), new CpuidLeaf(0x80000008, 0, 0x3027, 0, 0, 0)], []);
    private static readonly CpuidData NoInvtsc = new([new CpuidLeaf(0x80000008, 0, 0x3028, 0, 0, 0)], []);

    [Test]
    public void ReadsMicrocodeAddressSizeAndTscLikeLibvirt()
    {
        Write("proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nmicrocode\t: 0x2006e05\naddress sizes\t: 46 bits physical, 48 bits virtual\n");
        var facts = LinuxHostFacts.Probe(Invtsc, _root, () => (2_100_000_000UL, true));
        Assert.That(facts.Microcode, Is.EqualTo(0x2006e05UL));
        Assert.That(facts.PhysAddrBits, Is.EqualTo(46u), "/proc/cpuinfo wins over CPUID, as in libvirt");
        Assert.That(facts.Tsc, Is.EqualTo(new CpuCounter("tsc", 2_100_000_000, true)));
    }

    [Test]
    public void TscIsNotProbedWithoutInvariantTscAndAddressSizeFallsBackToCpuid()
    {
        Write("proc/cpuinfo", "processor\t: 0\nmicrocode\t: 0\n");
        var probed = false;
        var facts = LinuxHostFacts.Probe(NoInvtsc, _root, () => { probed = true; return (1UL, false); });
        Assert.That(probed, Is.False);
        Assert.That(facts.Tsc, Is.Null);
        Assert.That(facts.Microcode, Is.Null, "microcode 0 is not shown");
        Assert.That(facts.PhysAddrBits, Is.EqualTo(40u));
    }

    [Test]
    public void TopologyPerNumaNode()
    {
        // 2 nodes, each one socket of 2 cores with 2 threads.
        Cpus("0-7", "0-7",
            (0, 0, 0, 0, "0,4"), (4, 0, 0, 0, "0,4"), (1, 0, 0, 1, "1,5"), (5, 0, 0, 1, "1,5"),
            (2, 1, 1, 0, "2,6"), (6, 1, 1, 0, "2,6"), (3, 1, 1, 1, "3,7"), (7, 1, 1, 1, "3,7"));
        Assert.That(LinuxHostFacts.Probe(NoInvtsc, _root, () => null).Topology, Is.EqualTo(new CpuTopology(1, 1, null, 2, 2)));
    }

    [Test]
    public void TopologyWithoutNumaUsesTheCpuDirectory()
    {
        Directory.CreateDirectory(Path.Combine(_root, "sys/devices/system/cpu/cpu0"));
        Directory.CreateDirectory(Path.Combine(_root, "sys/devices/system/cpu/cpu1"));
        Cpus("0-1", "0-1", (0, -1, 0, 0, "0"), (1, -1, 0, 1, "1"));
        Assert.That(LinuxHostFacts.Probe(NoInvtsc, _root, () => null).Topology, Is.EqualTo(new CpuTopology(1, 1, null, 2, 1)));
    }

    [Test]
    public void TopologyThatDoesNotAddUpBecomesOneSocketOfAllCpus()
    {
        // Two sockets, the first with 2 cores, the second with 1: 2 x 2 x 1 is not the 3 CPUs there are.
        Cpus("0-2", "0-2", (0, 0, 0, 0, "0"), (1, 0, 0, 1, "1"), (2, 0, 1, 0, "2"));
        Assert.That(LinuxHostFacts.Probe(NoInvtsc, _root, () => null).Topology, Is.EqualTo(new CpuTopology(1, 1, null, 3, 1)));
    }

    [Test]
    public void OfflineCpusCountTowardsTheTotal()
    {
        Cpus("0-3", "0-1", (0, 0, 0, 0, "0,2"), (1, 0, 0, 1, "1,3"), (2, 0, 0, 0, "0,2"), (3, 0, 0, 1, "1,3"));
        Assert.That(LinuxHostFacts.Probe(NoInvtsc, _root, () => null).Topology, Is.EqualTo(new CpuTopology(1, 1, null, 2, 2)));
    }

    [Test]
    public void PagesAreTheSystemPageThenHugepagesAscending()
    {
        Directory.CreateDirectory(Path.Combine(_root, "sys/kernel/mm/hugepages/hugepages-1048576kB"));
        Directory.CreateDirectory(Path.Combine(_root, "sys/kernel/mm/hugepages/hugepages-2048kB"));
        Directory.CreateDirectory(Path.Combine(_root, "sys/kernel/mm/hugepages/other"));
        var pages = LinuxHostFacts.Probe(NoInvtsc, _root, () => null).PageSizes;
        Assert.That(pages.Select(p => p.Size), Is.EqualTo(new ulong[] { (ulong)Environment.SystemPageSize / 1024, 2048, 1048576 }));
        Assert.That(pages.All(p => p.Unit == "KiB"));
    }

    [Test]
    public void NothingReadableMeansNothingKnown()
    {
        var facts = LinuxHostFacts.Probe(new CpuidData([], []), _root, () => null);
        Assert.That(facts.Microcode, Is.Null);
        Assert.That(facts.Topology, Is.Null);
        Assert.That(facts.PhysAddrBits, Is.Null);
        Assert.That(facts.Tsc, Is.Null);
    }

    [TestCase("0-3,8,10-11", new[] { 0, 1, 2, 3, 8, 10, 11 })]
    [TestCase("5", new[] { 5 })]
    public void CpuLists(string text, int[] expected)
    {
        Write("list", text + "\n");
        Assert.That(LinuxHostFacts.ReadCpuList(Path.Combine(_root, "list")), Is.EqualTo(expected));
    }
}

using DomainCpu.Catalog;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Diagnostics;

namespace DomainCpu.Tests;

/// <summary>The feature-leaves probe (<see cref="CpuidProbe.EnumerateLeaves"/>) decodes exactly as the full probe,
/// replayed over every CPUID dump of testdata/capabilities and over this machine.</summary>
[TestFixture]
public sealed class CpuidLeafProbeTests
{
    public static IEnumerable<string> Dumps() =>
        Directory.GetFiles(Path.Combine(Golden.Root, "testdata", "capabilities"), "cpuid.xml", SearchOption.AllDirectories)
            .Select(p => Path.GetFileName(Path.GetDirectoryName(p)!)).Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(Dumps))]
    public void Decodes_as_the_full_probe(string name)
    {
        var path = Path.Combine(Golden.Root, "testdata", "capabilities", name, "cpuid.xml");
        var dump = CpuidDump.Read(XmlSafety.Load(File.ReadAllBytes(path), path).Document.Root!, path);
        CpuidLeaf Replay(uint leaf, uint sub) => dump.Find(leaf, sub) ?? new CpuidLeaf(leaf, sub, 0, 0, 0, 0);
        var catalog = LibvirtCpu.DefaultModels;
        var light = CpuidProbe.EnumerateLeaves(Replay, CpuidProbe.FeatureLeaves(catalog));
        Assert.That(light, Is.Not.Null);
        Assert.That(light!.Leaves.Length, Is.LessThanOrEqualTo(CpuidProbe.Enumerate(Replay).Leaves.Length));
        Assert.That(Decode(catalog, light), Is.EqualTo(Decode(catalog, CpuidProbe.Enumerate(Replay))));
    }

    [Test]
    public void Decodes_this_machine_as_the_full_probe()
    {
        var catalog = LibvirtCpu.DefaultModels;
        if (!CpuidProbe.IsSupported)
        {
            Assert.Throws<PlatformNotSupportedException>(() => CpuidProbe.ProbeFor(catalog), "no CPUID: a clear refusal");
            return;
        }
        Assert.That(CpuidProbe.EnumerateLeaves(CpuidProbe.Execute, CpuidProbe.FeatureLeaves(catalog)), Is.Not.Null, "the default models need no full walk");
        Assert.That(Decode(catalog, CpuidProbe.ProbeFor(catalog)), Is.EqualTo(Decode(catalog, CpuidProbe.Probe())));
    }

    private static string Decode(CpuCatalog catalog, CpuidData data)
    {
        try
        {
            return HostCpuXml.Write(HostDecoder.Decode(catalog, data, HostFacts.None));
        }
        catch (DomainCpuException ex)
        {
            return "error: " + ex.Message;
        }
    }
}

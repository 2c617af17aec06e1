using System.Reflection;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Targets;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The CPU XML of each libvirt release (<see cref="CpuXmlGrammar"/>, from <see cref="LibvirtProfile.CpuXml"/>):
/// what the reader refuses, what the writer writes, and the rule list it comes from.</summary>
[TestFixture]
public class CpuXmlGrammarTests
{
    [Test]
    public void EachReleaseLacksWhatLaterReleasesAdded()
    {
        var v90 = LibvirtProfile.Libvirt90.CpuXml;
        Assert.That(v90.AddedIn(CpuXmlAddition.TopologyClusters), Is.EqualTo("10.1"));
        Assert.That(v90.AddedIn(CpuXmlAddition.MaxPhysAddrLimit), Is.EqualTo("9.3"));
        Assert.That(v90.AddedIn(CpuXmlAddition.DeprecatedFeatures), Is.EqualTo("11.0"));
        var v101 = LibvirtProfile.For(new ReleaseVersion(10, 1)).CpuXml;
        Assert.That((v101.Has(CpuXmlAddition.TopologyClusters), v101.Has(CpuXmlAddition.MaxPhysAddrLimit), v101.Has(CpuXmlAddition.DeprecatedFeatures)),
            Is.EqualTo((true, true, false)));
        foreach (var p in new[] { LibvirtProfile.Libvirt113, LibvirtProfile.Libvirt128 })
        {
            Assert.That(Enum.GetValues<CpuXmlAddition>().All(p.CpuXml.Has), $"{p} has every addition");
        }
    }

    [Test]
    public void RulesAreListedOnceOldestFirst()
    {
        var declared = typeof(LibvirtRules).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(LibvirtRule)).Select(f => (LibvirtRule)f.GetValue(null)!).ToList();
        Assert.That(LibvirtRules.All, Is.EquivalentTo(declared), "every rule is in All, once");
        Assert.That(LibvirtRules.All.Select(r => r.Since), Is.Ordered, "oldest first");
        Assert.That(LibvirtRules.All.Select(r => r.Name), Is.Unique);
    }

    private static DomainDocument Domain(string cpu) => DomainDocument.Parse($"""
        <domain type='kvm'>
          <name>g</name>
          {cpu}
        </domain>
        """, "g.xml");

    [TestCase("<cpu><topology sockets='1' clusters='2' cores='1' threads='1'/></cpu>", "clusters", "10.1", 3, 30)]
    [TestCase("<cpu mode='host-passthrough'><maxphysaddr mode='passthrough' limit='39'/></cpu>", "limit", "9.3", 3, 64)]
    [TestCase("<cpu mode='host-model' deprecated_features='off'/>", "deprecated_features", "11.0", 3, 26)]
    public void TheReaderRefusesWhatTheReleaseLacksAtItsPosition(string cpu, string what, string since, int line, int column)
    {
        var ex = Assert.Throws<DomainCpuException>(() => Domain(cpu).ReadCpu(grammar: LibvirtProfile.Libvirt90.CpuXml))!;
        Assert.That(ex.Diagnostic.ToString(), Is.EqualTo($"g.xml:{line}:{column}: error: [DC0200] {what} needs libvirt {since} or later (the target is libvirt 9.0)"));
        Assert.That(Domain(cpu).ReadCpu(grammar: LibvirtProfile.Libvirt113.CpuXml), Is.Not.Null, "libvirt 11.3 reads it");
    }

    [Test]
    public void ClustersDefaultToOneWhereTheyExist()
    {
        var doc = Domain("<cpu><topology sockets='2' cores='2' threads='1'/></cpu>");
        Assert.That(doc.ReadCpu(grammar: LibvirtProfile.Libvirt90.CpuXml)!.Topology!.Clusters, Is.Null);
        Assert.That(doc.ReadCpu(grammar: LibvirtProfile.Libvirt113.CpuXml)!.Topology!.Clusters, Is.EqualTo(1));
    }

    [Test]
    public void TheLimitBelongsToPassthroughAndIsAtLeastOne()
    {
        var emulate = Assert.Throws<DomainCpuException>(() => Domain("<cpu mode='host-passthrough'><maxphysaddr mode='emulate' bits='40' limit='39'/></cpu>").ReadCpu())!;
        Assert.That(emulate.Diagnostic.Id, Is.EqualTo("DC0201"));
        var zero = Assert.Throws<DomainCpuException>(() => Domain("<cpu mode='host-passthrough'><maxphysaddr mode='passthrough' limit='0'/></cpu>").ReadCpu())!;
        Assert.That(zero.Diagnostic.Message, Does.EndWith("Zero is not permitted"));
    }

    [Test]
    public void DeprecatedFeaturesTakeOnOrOff()
    {
        Assert.That(Domain("<cpu mode='host-model' deprecated_features='on'/>").ReadCpu()!.DeprecatedFeatures, Is.True);
        var bad = Assert.Throws<DomainCpuException>(() => Domain("<cpu mode='host-model' deprecated_features='no'/>").ReadCpu())!;
        Assert.That(bad.Diagnostic.Id, Is.EqualTo("DC0105"));
    }

    [Test]
    public void TheWriterLeavesOutWhatTheReleaseLacks()
    {
        var cpu = new CpuDefinition
        {
            Mode = CpuMode.HostPassthrough, Migratable = true, DeprecatedFeatures = false,
            Topology = new CpuTopology(1, 1, 2, 2, 1), MaxPhysAddr = new MaxPhysAddr(MaxPhysAddrMode.Passthrough, null, 39),
        };
        Assert.That(CpuXmlWriter.Write(cpu, grammar: LibvirtProfile.Libvirt113.CpuXml), Is.EqualTo("""
            <cpu mode='host-passthrough' migratable='on' deprecated_features='off'>
              <topology sockets='1' dies='1' clusters='2' cores='2' threads='1'/>
              <maxphysaddr mode='passthrough' limit='39'/>
            </cpu>
            """));
        Assert.That(CpuXmlWriter.Write(cpu, grammar: LibvirtProfile.Libvirt90.CpuXml), Is.EqualTo("""
            <cpu mode='host-passthrough' migratable='on'>
              <topology sockets='1' dies='1' cores='2' threads='1'/>
              <maxphysaddr mode='passthrough'/>
            </cpu>
            """));
    }

    [Test]
    public void EachReleaseReadsBackWhatItWrote()
    {
        foreach (var profile in LibvirtProfile.Supported)
        {
            for (var seed = 0; seed < 200; seed++)
            {
                var cpu = ForRelease(CpuGenerator.Generate(new Random(seed)), profile.CpuXml);
                var doc = DomainDocument.Parse(CpuGenerator.Domain(""), "gen.xml").WithCpu(cpu, profile.CpuXml);
                Assert.That(doc.ReadCpu(grammar: profile.CpuXml), Is.EqualTo(cpu), $"{profile}, seed {seed}:\n{doc.Text}");
            }
        }
    }

    /// <summary>A generated (newest-grammar) CPU as a release holds it: without what the release lacks.</summary>
    private static CpuDefinition ForRelease(CpuDefinition cpu, CpuXmlGrammar grammar)
    {
        if (!grammar.Has(CpuXmlAddition.TopologyClusters) && cpu.Topology is { } t) cpu = cpu with { Topology = t with { Clusters = null } };
        if (!grammar.Has(CpuXmlAddition.MaxPhysAddrLimit) && cpu.MaxPhysAddr is { } m) cpu = cpu with { MaxPhysAddr = m with { Limit = null } };
        if (!grammar.Has(CpuXmlAddition.DeprecatedFeatures)) cpu = cpu with { DeprecatedFeatures = null };
        return cpu;
    }
}

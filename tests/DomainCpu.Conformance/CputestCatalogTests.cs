using System.Xml.Linq;
using DomainCpu.Catalog;
using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>libvirt 9.0's cpu_map loads completely: every model with its own and inherited features, in map order.</summary>
[TestFixture]
public class CputestCatalogTests
{
    private static string MapDir => Path.Combine(Corpus.Libvirt90, "cpu_map");

    [Test]
    public void EveryModelHasItsOwnAndInheritedFeatures()
    {
        var catalog = CputestSupport.Catalog;
        var files = XDocument.Load(Path.Combine(MapDir, "index.xml")).Root!.Elements("arch")
            .Single(a => (string?)a.Attribute("name") == "x86").Elements("include")
            .Select(i => XDocument.Load(Path.Combine(MapDir, (string)i.Attribute("filename")!)).Root!).ToList();
        var modelEls = files.SelectMany(f => f.Elements("model")).ToList();
        var featureEls = files.SelectMany(f => f.Elements("feature")).ToList();

        Assert.That(catalog.Features.Select(f => f.Name), Is.EqualTo(featureEls.Select(f => (string)f.Attribute("name")!)));
        Assert.That(catalog.Features.Length, Is.EqualTo(212));
        Assert.That(catalog.Models.Select(m => m.Name), Is.EqualTo(modelEls.Select(m => (string)m.Attribute("name")!)));
        Assert.That(catalog.Vendors.Select(v => v.Name), Is.EqualTo(new[] { "Intel", "AMD", "Hygon" }));

        var byName = modelEls.ToDictionary(m => (string)m.Attribute("name")!);
        foreach (var model in catalog.Models)
        {
            var expected = ExpectedFeatures(byName, model.Name);
            var got = model.Features.Indices().Select(i => catalog.Features[i].Name).ToHashSet();
            Assert.That(got, Is.EquivalentTo(expected), model.Name);
            var data = expected.Aggregate(X86Data.Empty, (d, f) => d.Union(catalog.FindFeature(f)!.Data));
            Assert.That(model.Data, Is.EqualTo(data), $"{model.Name} data");
        }
    }

    private static HashSet<string> ExpectedFeatures(Dictionary<string, XElement> models, string name)
    {
        var el = models[name];
        var set = el.Element("model") is { } parent ? ExpectedFeatures(models, (string)parent.Attribute("name")!) : new HashSet<string>();
        foreach (var f in el.Elements("feature").Where(f => (string?)f.Attribute("removed") != "yes")) set.Add((string)f.Attribute("name")!);
        return set;
    }

    [Test]
    public void FlagsSignaturesAndRemovedFeaturesAreRead()
    {
        var c = CputestSupport.Catalog;
        Assert.Multiple(() =>
        {
            Assert.That(c.FindModel("Haswell")!.Features.Contains(c.FindFeature("rtm")!.Index), Is.True);
            Assert.That(c.FindModel("Haswell-noTSX")!.Features.Contains(c.FindFeature("rtm")!.Index), Is.False);
            Assert.That(c.FindModel("Skylake-Client-noTSX-IBRS") is { DecodeHost: true, DecodeGuest: false });
            Assert.That(c.FindModel("cpu64-rhel5") is { DecodeHost: false, DecodeGuest: false });
            Assert.That(c.FindModel("EPYC")!.RemovedFeatures, Is.EqualTo(new[] { "monitor" }));
            Assert.That(c.FindModel("Icelake-Server")!.RemovedFeatures, Is.EqualTo(new[] { "intel-pt" }));
            Assert.That(c.FindModel("qemu64")!.Vendor, Is.Null);
            Assert.That(c.FindModel("qemu64")!.Signatures, Is.Empty);
            Assert.That(c.FindModel("EPYC-IBPB")!.Vendor!.Name, Is.EqualTo("AMD"));
            Assert.That(c.FindFeature("invtsc")!.Migratable, Is.False);
            Assert.That(c.FindFeature("xsaves")!.Migratable, Is.False);
            Assert.That(c.Features.Count(f => !f.Migratable), Is.EqualTo(2));
            Assert.That(c.FindVendor("Intel")!.Data.Get(X86Key.Cpuid(0)), Is.EqualTo(new X86Regs(0, 0x756e6547, 0x6c65746e, 0x49656e69)));
        });
    }
}

using DomainCpu.Catalog;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// Every release's cpu_map of the corpus loads completely (corpus folders <c>libvirt-9.0</c>, <c>libvirt-11.3</c>,
/// <c>libvirt-12.8</c>): the model files the index includes directly or through its groups, the versioned names and
/// the models they are canonical names of, compat-mode checks, added and removed features, MSR-defined features and
/// the vendors. The counts are those of the map files (grep of the corpus), so a reader that skips markup fails.
/// </summary>
[TestFixture]
public class CpuMapReleasesTests
{
    private static CpuCatalog Load(string release) => LibvirtCpuMap.LoadDirectory(Path.Combine(Corpus.Release(release), "cpu_map"));

    [Test]
    public void Libvirt90MapHasNoNewerMarkup()
    {
        var c = Load("libvirt-9.0");
        Assert.Multiple(() =>
        {
            Assert.That(c.FindModel("Penryn"), Is.Not.Null);
            Assert.That(c.Models.Any(m => m.CompatCheck || !m.AddedFeatures.IsEmpty || m.Canonical is not null), Is.False);
            Assert.That(c.Features.Count(f => f.Data.Items.Any(i => i.Key.Kind == X86DataKind.Msr)), Is.EqualTo(10));
            Assert.That(c.FindModel("EPYC")!.RemovedFeatures, Is.EqualTo(new[] { "monitor" }));
        });
    }

    [TestCase("libvirt-11.3", 86, 59, 114)]
    [TestCase("libvirt-12.8", 108, 63, 119)]
    public void NewerMapsLoadEveryModelWithItsMarkup(string release, int versioned, int aliases, int msrFeatures)
    {
        var c = Load(release);
        Assert.Multiple(() =>
        {
            Assert.That(c.FindModel("Penryn"), Is.Not.Null, "models come from the index's groups");
            Assert.That(c.Models.Count(m => System.Text.RegularExpressions.Regex.IsMatch(m.Name, "-v[0-9]+$")), Is.EqualTo(versioned));
            Assert.That(c.Models.Count(m => m.Canonical is not null), Is.EqualTo(aliases), "every alias-only versioned model names a canonical one");
            Assert.That(c.FindModel("Haswell")!.Canonical, Is.EqualTo("Haswell-v1"));
            Assert.That(c.FindModel("Haswell-noTSX")!.Canonical, Is.EqualTo("Haswell-v2"));
            Assert.That(c.FindModel("Haswell-v1")!.Data, Is.EqualTo(c.FindModel("Haswell")!.Data));
            Assert.That(c.FindModel("Haswell-v2") is { DecodeHost: true, DecodeGuest: false });
            Assert.That(c.Models.Count(m => m.CompatCheck), Is.EqualTo(62));
            Assert.That(c.Models.Sum(m => m.AddedFeatures.Length), Is.EqualTo(2145));
            Assert.That(c.Models.Sum(m => m.RemovedFeatures.Length), Is.EqualTo(18));
            Assert.That(c.Features.Count(f => f.Data.Items.Any(i => i.Key.Kind == X86DataKind.Msr)), Is.EqualTo(msrFeatures));
            foreach (var name in new[] { "EPYC-Genoa", "GraniteRapids", "SierraForest", "SapphireRapids", "Denverton", "KnightsMill" })
            {
                Assert.That(c.FindModel(name), Is.Not.Null, name);
            }
            var cascadelake = c.FindModel("Cascadelake-Server")!;
            Assert.That(cascadelake.RemovedFeatures, Does.Contain("mpx"));
            Assert.That(cascadelake.AddedFeatures, Does.Contain("vmx-ins-outs"));
            Assert.That(cascadelake.Data.Contains(c.FindFeature("vmx-ins-outs")!.Data), Is.False, "added features stay out of the model's data");
        });
    }

    [Test]
    public void Libvirt128MapHasItsNewModelsAndVendor()
    {
        var c = Load("libvirt-12.8");
        Assert.Multiple(() =>
        {
            foreach (var name in new[] { "ClearwaterForest", "DiamondRapids", "EPYC-Turin", "YongFeng" })
            {
                Assert.That(c.FindModel(name), Is.Not.Null, name);
            }
            Assert.That(c.FindModel("YongFeng")!.Vendor!.Name, Is.EqualTo("Zhaoxin CentaurHauls"));
            Assert.That(c.FindVendor("Zhaoxin CentaurHauls")!.CpuidString, Is.EqualTo("CentaurHauls"));
            Assert.That(c.FindModel("EPYC-Turin")!.Canonical, Is.EqualTo("EPYC-Turin-v1"));
            Assert.That(Load("libvirt-11.3").FindModel("EPYC-Turin"), Is.Null, "libvirt 11.3 does not know EPYC-Turin");
        });
    }
}

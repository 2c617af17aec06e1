using DomainCpu.Start;
using DomainCpu.Targets;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>Migratable XML and a model's added features (<c>added='yes'</c>): since
/// <see cref="LibvirtRules.AddedModelFeatures"/> the started CPU loses those the configured CPU did not name.</summary>
[TestFixture]
public class X86AddedFeaturesTests
{
    private const string Started = "<cpu mode='custom' match='exact' check='full'><model fallback='forbid'>Old</model>" +
                                   "<feature policy='require' name='vmx-a'/><feature policy='require' name='avx'/></cpu>";

    private static DomainDocument Live(string original) =>
        InactiveRecord.Keep(DomainDocument.Parse($"<domain type='kvm'><name>g</name>\n  {Started}\n</domain>", "live.xml"), original);

    private static string[] MigratableFeatures(DomainDocument live, LibvirtProfile libvirt) =>
        LiveDocument.Migratable(live, catalog: NewerMap.Catalog, libvirt: libvirt).ReadCpu()!.Features.Select(f => f.Name).ToArray();

    [Test]
    public void AnAddedFeatureTheUserDidNotNameIsLeftOut()
    {
        var live = Live("<cpu mode='custom' match='exact'><model>Old</model><feature policy='require' name='avx'/></cpu>");
        Assert.Multiple(() =>
        {
            Assert.That(MigratableFeatures(live, LibvirtProfile.Libvirt113), Is.EqualTo(new[] { "avx" }));
            Assert.That(MigratableFeatures(live, LibvirtProfile.Libvirt90), Is.EqualTo(new[] { "vmx-a", "avx" }), "libvirt 9.0 keeps it");
            Assert.That(LiveDocument.Migratable(live).ReadCpu()!.Features.Length, Is.EqualTo(2), "without a cpu_map nothing is known to be added");
        });
    }

    [Test]
    public void AnAddedFeatureTheUserNamedStays()
    {
        var live = Live("<cpu mode='custom' match='exact'><model>Old</model><feature policy='disable' name='vmx-a'/></cpu>");
        Assert.That(MigratableFeatures(live, LibvirtProfile.Libvirt113), Is.EqualTo(new[] { "vmx-a", "avx" }));
    }

    [Test]
    public void WithoutAnOriginalDefinitionNothingIsDropped()
    {
        var live = DomainDocument.Parse($"<domain type='kvm'><name>g</name>\n  {Started}\n</domain>", "live.xml");
        Assert.That(MigratableFeatures(live, LibvirtProfile.Libvirt113), Is.EqualTo(new[] { "vmx-a", "avx" }));
    }
}

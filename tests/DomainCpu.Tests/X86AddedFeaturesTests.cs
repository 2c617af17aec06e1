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

    /// <summary>The library's overload without a target uses the release's embedded cpu_map models, as the command does
    /// without <c>--cpu-map</c>: Cascadelake-Server gained vmx-ins-outs in libvirt's later maps.</summary>
    [Test]
    public void TheLibraryWithoutATargetUsesTheReleasesEmbeddedModels()
    {
        var started = DomainDocument.Parse("<domain type='kvm'><name>g</name>\n  <cpu mode='custom' match='exact' check='full'>" +
            "<model fallback='forbid'>Cascadelake-Server</model><feature policy='require' name='vmx-ins-outs'/>" +
            "<feature policy='require' name='ss'/></cpu>\n</domain>", "live.xml");
        var live = InactiveRecord.Keep(started, "<cpu mode='custom' match='exact'><model>Cascadelake-Server</model><feature policy='require' name='ss'/></cpu>");
        string[] Features(LibvirtProfile? libvirt) => LibvirtCpu.Migratable(live, libvirt).ReadCpu()!.Features.Select(f => f.Name).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(Features(null), Is.EqualTo(new[] { "ss" }), "the newest release's map marks vmx-ins-outs added");
            Assert.That(Features(LibvirtProfile.Libvirt113), Is.EqualTo(new[] { "ss" }));
            Assert.That(Features(LibvirtProfile.Libvirt90), Is.EqualTo(new[] { "vmx-ins-outs", "ss" }), "libvirt 9.0 keeps it");
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

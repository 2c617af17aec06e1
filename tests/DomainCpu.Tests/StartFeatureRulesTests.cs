using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Targets;
using DomainCpu.Tests.Support;
using DomainCpu.X86;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>What a start does to a CPU's feature list by release: the topology features libvirt leaves to QEMU since
/// <see cref="LibvirtRules.TopologyFeaturesLeftToQemu"/>, and the order libvirt keeps a host-model CPU's features in.</summary>
[TestFixture]
public class StartFeatureRulesTests
{
    private static CpuDefinition Cpu(params CpuFeature[] features) => new()
    {
        Type = CpuType.Guest,
        Mode = CpuMode.Custom,
        Match = CpuMatch.Exact,
        Model = new CpuModelName("Old", CpuFallback.Forbid),
        Features = features.ToImmutableArray(),
    };

    [Test]
    public void TopologyFeaturesStayBeforeTheRuleAndGoWithItWhateverTheirPolicy()
    {
        var cpu = Cpu(new("ht"), new("fpu"), new("cmp_legacy", FeaturePolicy.Disable), new("ht", FeaturePolicy.Force));
        Assert.That(TopologyFeatures.DropAtStart(LibvirtProfile.Libvirt113, cpu), Is.SameAs(cpu));
        Assert.That(TopologyFeatures.DropAtStart(LibvirtProfile.Libvirt128, cpu).Features, Is.EqualTo(new[] { new CpuFeature("fpu") }));
        Assert.That(LibvirtProfile.For(new(11, 9)).Has(LibvirtRules.TopologyFeaturesLeftToQemu), Is.False);
        Assert.That(LibvirtProfile.For(new(11, 10)).Has(LibvirtRules.TopologyFeaturesLeftToQemu), Is.True);
    }

    [Test]
    public void AHostModelSortedByNameGetsRequiredThenDisabledFeaturesInMapOrder()
    {
        var sorted = Cpu(new("avx"), new("fpu", FeaturePolicy.Disable), new("sse4.2"), new("vmx-a", FeaturePolicy.Disable));
        Assert.That(HostModelFeatureOrder.Restore(NewerMap.Catalog, sorted).Features, Is.EqualTo(new[]
        {
            new CpuFeature("sse4.2"), new CpuFeature("avx"), new CpuFeature("fpu", FeaturePolicy.Disable), new CpuFeature("vmx-a", FeaturePolicy.Disable),
        }));
    }

    [Test]
    public void AHostModelWithFeaturesTheMapLacksOrOtherPoliciesIsKeptAsGiven()
    {
        var unknown = Cpu(new("avx"), new("no-such-feature"), new("fpu"));
        Assert.That(HostModelFeatureOrder.Restore(NewerMap.Catalog, unknown), Is.SameAs(unknown));
        var optional = Cpu(new("avx"), new("fpu", FeaturePolicy.Optional));
        Assert.That(HostModelFeatureOrder.Restore(NewerMap.Catalog, optional), Is.SameAs(optional));
        var ownOrder = Cpu(new("vmx-a"), new("fpu"), new("avx", FeaturePolicy.Disable));
        Assert.That(HostModelFeatureOrder.Restore(NewerMap.Catalog, ownOrder), Is.SameAs(ownOrder), "not listed by name: libvirt's own order");
    }
}

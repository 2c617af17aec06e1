using System.Collections.Immutable;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Targets;
using DomainCpu.Tests.Support;
using DomainCpu.X86;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The live update (what QEMU enabled and disabled) as libvirt 9.0 and as libvirt 11.3 do it: since
/// <see cref="LibvirtRules.AddedModelFeatures"/> a model's added features do not fail check='full', disabled data is
/// consumed, and conflicting data is refused.</summary>
[TestFixture]
public class X86UpdateLiveRulesTests
{
    private static CpuDefinition Guest(CpuCheck check, params CpuFeature[] features) => new()
    {
        Type = CpuType.Guest,
        Mode = CpuMode.Custom,
        Match = CpuMatch.Exact,
        Check = check,
        Model = new CpuModelName("Old", CpuFallback.Forbid),
        Features = features.ToImmutableArray(),
    };

    [Test]
    public void AnAddedFeatureQemuEnablesFailsCheckFullOnlyBeforeTheRule()
    {
        var enabled = NewerMap.Data("fpu", "sse4.2", "vmx-a");
        var ex = Assert.Throws<DomainCpuException>(() =>
            X86UpdateLive.Update(LibvirtProfile.Libvirt90, NewerMap.Catalog, Guest(CpuCheck.Full), enabled, null))!;
        Assert.That(ex.Message, Is.EqualTo("guest CPU doesn't match specification: extra features: vmx-a"));

        var cpu = X86UpdateLive.Update(LibvirtProfile.Libvirt113, NewerMap.Catalog, Guest(CpuCheck.Full), enabled, null);
        Assert.That(cpu.Features, Is.EqualTo(new[] { new CpuFeature("vmx-a", FeaturePolicy.Require) }));
    }

    [Test]
    public void AnAddedFeatureTheDefinitionNamesIsStillChecked()
    {
        var guest = Guest(CpuCheck.Full, new CpuFeature("vmx-a", FeaturePolicy.Disable));
        var ex = Assert.Throws<DomainCpuException>(() =>
            X86UpdateLive.Update(LibvirtProfile.Libvirt113, NewerMap.Catalog, guest, NewerMap.Data("fpu", "sse4.2", "vmx-a"), null))!;
        Assert.That(ex.Message, Does.Contain("extra features: vmx-a"));
    }

    [Test]
    public void AnAddedFeatureQemuDisablesIsConsumedSoTheFinalCheckPasses()
    {
        var enabled = NewerMap.Data("fpu", "sse4.2");
        var disabled = NewerMap.Data("vmx-a");
        var cpu = X86UpdateLive.Update(LibvirtProfile.Libvirt113, NewerMap.Catalog, Guest(CpuCheck.Full), enabled, disabled);
        Assert.That(cpu.Features, Is.EqualTo(new[] { new CpuFeature("vmx-a", FeaturePolicy.Disable) }));
        Assert.Throws<DomainCpuException>(() => X86UpdateLive.Update(LibvirtProfile.Libvirt90, NewerMap.Catalog, Guest(CpuCheck.Full), enabled, disabled));
    }

    [Test]
    public void DataMarkingAFeatureBothEnabledAndDisabledIsRefusedSinceTheRule()
    {
        var enabled = NewerMap.Data("fpu", "sse4.2", "avx");
        var disabled = NewerMap.Data("avx");
        var ex = Assert.Throws<DomainCpuException>(() =>
            X86UpdateLive.Update(LibvirtProfile.Libvirt113, NewerMap.Catalog, Guest(CpuCheck.Partial), enabled, disabled))!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Diagnostic.Id, Is.EqualTo("DC1102"));
            Assert.That(ex.Message, Does.Contain("feature 'avx' is both enabled and disabled"));
        });
        // libvirt 9.0 requires it, then disables it: the later update wins.
        var cpu = X86UpdateLive.Update(LibvirtProfile.Libvirt90, NewerMap.Catalog, Guest(CpuCheck.Partial), enabled, disabled);
        Assert.That(cpu.FindFeature("avx")?.Policy, Is.EqualTo(FeaturePolicy.Disable));
    }

    [Test]
    public void WithoutAnyDifferenceBothReleasesAgree()
    {
        var enabled = NewerMap.Data("fpu", "sse4.2");
        foreach (var release in new[] { LibvirtProfile.Libvirt90, LibvirtProfile.Libvirt113, LibvirtProfile.Libvirt128 })
        {
            Assert.That(X86UpdateLive.Update(release, NewerMap.Catalog, Guest(CpuCheck.Full), enabled, null).Features, Is.Empty, release.ToString());
        }
    }
}

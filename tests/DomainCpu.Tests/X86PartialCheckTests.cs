using System.Collections.Immutable;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Targets;
using DomainCpu.Tests.Support;
using DomainCpu.X86;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>check='partial' at start as libvirt 9.0 (always the cpu_map compare with the host CPU) and as libvirt 11.3
/// does it (<see cref="LibvirtRules.PartialCheckTrustsUsableModels"/>: usable models trusted;
/// <see cref="LibvirtRules.PartialCheckTrustsQemu"/>: models without the compat marker judged by QEMU's host model and
/// their blockers).</summary>
[TestFixture]
public class X86PartialCheckTests
{
    private static readonly CpuDefinition Host = new()
    {
        Type = CpuType.Host,
        Arch = "x86_64",
        Model = new CpuModelName("Old"),
        Vendor = "Intel",
    };

    /// <summary>QEMU's host model as domain capabilities report it: Old plus vmx-c, fallback forbid.</summary>
    private static readonly CpuDefinition Reported = new()
    {
        Type = CpuType.Guest,
        Mode = CpuMode.Custom,
        Match = CpuMatch.Exact,
        Model = new CpuModelName("Old", CpuFallback.Forbid),
        Vendor = "Intel",
        Features = [new CpuFeature("vmx-c", FeaturePolicy.Require)],
    };

    private static CpuDefinition Guest(string model, params CpuFeature[] features) => new()
    {
        Type = CpuType.Guest,
        Mode = CpuMode.Custom,
        Match = CpuMatch.Exact,
        Check = CpuCheck.Partial,
        Model = new CpuModelName(model, CpuFallback.Forbid),
        Features = features.ToImmutableArray(),
    };

    private static IReadOnlyList<CustomModel> Models(ModelUsability newUsable, params string[] newBlockers) =>
    [
        new CustomModel("Old", ModelUsability.Yes, false, "Intel", ImmutableArray<string>.Empty),
        new CustomModel("New", newUsable, false, "Intel", newBlockers.ToImmutableArray()),
    ];

    private static CompareResult? Check(LibvirtProfile libvirt, CpuDefinition guest, IReadOnlyList<CustomModel> models) =>
        X86PartialCheck.Check(libvirt, NewerMap.Catalog, guest, Host, Reported, models);

    [Test]
    public void Libvirt90ComparesWithTheHostCpuThroughTheMap()
    {
        // New needs avx, which the host lacks: incompatible, whatever QEMU says about the model.
        var r = Check(LibvirtProfile.Libvirt90, Guest("New"), Models(ModelUsability.Yes));
        Assert.That(r!.Result, Is.EqualTo(CompareVerdict.Incompatible));
        Assert.That(r.Missing, Is.EqualTo(new[] { "avx" }));
    }

    [Test]
    public void AUsableModelThatOnlyDisablesFeaturesIsTrusted()
    {
        var r = Check(LibvirtProfile.Libvirt113, Guest("New", new CpuFeature("fpu", FeaturePolicy.Disable)), Models(ModelUsability.Yes));
        Assert.That(r!.Result, Is.EqualTo(CompareVerdict.Superset));
    }

    [Test]
    public void AModelWithoutTheCompatMarkerIsJudgedByItsBlockersAndQemusHostModel()
    {
        var unusable = Models(ModelUsability.No, "avx");
        var r = Check(LibvirtProfile.Libvirt113, Guest("New"), unusable);
        Assert.That(r!.Result, Is.EqualTo(CompareVerdict.Incompatible));
        Assert.That(r.Reason, Is.EqualTo("Host CPU does not provide required features: avx"));

        // Disabling the blocker makes it runnable; a required feature QEMU's host model lacks does not.
        Assert.That(Check(LibvirtProfile.Libvirt113, Guest("New", new CpuFeature("avx", FeaturePolicy.Disable)), unusable)!.Result,
            Is.EqualTo(CompareVerdict.Superset));
        var needsVmxB = Guest("New", new CpuFeature("avx", FeaturePolicy.Disable), new CpuFeature("vmx-b", FeaturePolicy.Require),
            new CpuFeature("vmx-c", FeaturePolicy.Require), new CpuFeature("sse4.2", FeaturePolicy.Require));
        Assert.That(Check(LibvirtProfile.Libvirt113, needsVmxB, unusable)!.Missing, Is.EqualTo(new[] { "vmx-b" }),
            "vmx-c is in QEMU's host model, sse4.2 in its model's features");
    }

    [Test]
    public void ACompatModelIsStillComparedThroughTheMap()
    {
        // Old is marked compat: requiring avx fails against the host CPU even though QEMU reports Old usable.
        var r = Check(LibvirtProfile.Libvirt113, Guest("Old", new CpuFeature("avx", FeaturePolicy.Require)), Models(ModelUsability.Yes));
        Assert.That(r!.Result, Is.EqualTo(CompareVerdict.Incompatible));
        Assert.That(r.Reason, Does.StartWith("Host CPU does not provide required features: avx"));
    }

    [Test]
    public void WhatQemuCannotJudgeFallsBackToTheMap()
    {
        // No model list, or a host model that is not QEMU's own (fallback allow): compat mode.
        var guest = Guest("New");
        Assert.That(X86PartialCheck.Check(LibvirtProfile.Libvirt113, NewerMap.Catalog, guest, Host, Reported, null)!.Result, Is.EqualTo(CompareVerdict.Incompatible));
        var allow = Reported with { Model = Reported.Model! with { Fallback = CpuFallback.Allow } };
        Assert.That(X86PartialCheck.Check(LibvirtProfile.Libvirt113, NewerMap.Catalog, guest, Host, allow, Models(ModelUsability.No))!.Missing,
            Is.EqualTo(new[] { "avx" }));
        Assert.That(X86PartialCheck.Check(LibvirtProfile.Libvirt113, NewerMap.Catalog, guest, null, null, null), Is.Null, "nothing to compare with");
    }

    /// <summary>libvirt 10.2 to 10.10 trust a usable model (PartialCheckTrustsUsableModels) but still compare every
    /// other model through the map (PartialCheckTrustsQemu is 11.0).</summary>
    [Test]
    public void BetweenTheTwoRulesOnlyUsableModelsAreTrusted()
    {
        var libvirt105 = LibvirtProfile.For(new(10, 5));
        var onlyDisables = Guest("New", new CpuFeature("fpu", FeaturePolicy.Disable));
        Assert.That(Check(LibvirtProfile.Libvirt90, onlyDisables, Models(ModelUsability.Yes))!.Result, Is.EqualTo(CompareVerdict.Incompatible));
        Assert.That(Check(libvirt105, onlyDisables, Models(ModelUsability.Yes))!.Result, Is.EqualTo(CompareVerdict.Superset));

        // vmx-c is in QEMU's host model, not in the host CPU: the blockers judge it runnable, the map does not.
        var unusable = Models(ModelUsability.No, "avx");
        var needsVmxC = Guest("New", new CpuFeature("avx", FeaturePolicy.Disable), new CpuFeature("vmx-c", FeaturePolicy.Require));
        Assert.That(Check(LibvirtProfile.Libvirt113, needsVmxC, unusable)!.Result, Is.EqualTo(CompareVerdict.Superset));
        var r = Check(libvirt105, needsVmxC, unusable)!;
        Assert.That(r.Result, Is.EqualTo(CompareVerdict.Incompatible));
        Assert.That(r.Missing, Is.EqualTo(new[] { "vmx-c" }));
    }

    [Test]
    public void AModelQemuListsButTheMapLacksIsAnError()
    {
        var models = new[] { new CustomModel("Future", ModelUsability.No, false, null, ImmutableArray<string>.Empty) };
        var ex = Assert.Throws<DomainCpuException>(() => Check(LibvirtProfile.Libvirt113, Guest("Future"), models))!;
        Assert.That(ex.Message, Is.EqualTo("Unknown CPU model Future"));
    }
}

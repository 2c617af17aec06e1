using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.Tests.Support;
using NUnit.Framework;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Diagnostics;
using DomainCpu.X86;

namespace DomainCpu.Tests;

/// <summary>The x86 data operations and the decode rules on the golden-test map.</summary>
[TestFixture]
public class CatalogEngineTests
{
    private static readonly CpuCatalog Map = LibvirtCpuMap.LoadDirectory(Path.Combine(Golden.Root, "testdata", "cpu-map-mini"));

    private static X86Data Leaf1(uint ecx = 0, uint edx = 0) => X86Data.Of(X86Key.Cpuid(1), new X86Regs(0, 0, ecx, edx));

    [Test]
    public void DataOperationsWorkPerRegisterBit()
    {
        var a = Leaf1(0b0110, 0b1);
        var b = Leaf1(0b0011).Union(X86Data.Of(X86Key.Msr(0x10a), new X86Regs(1, 0, 0, 0)));
        Assert.Multiple(() =>
        {
            Assert.That(a.Union(b).Get(X86Key.Cpuid(1)), Is.EqualTo(new X86Regs(0, 0, 0b0111, 0b1)));
            Assert.That(a.Intersect(b), Is.EqualTo(Leaf1(0b0010)));
            Assert.That(a.Except(b), Is.EqualTo(Leaf1(0b0100, 0b1)));
            Assert.That(a.Contains(Leaf1(0b0100)), Is.True);
            Assert.That(a.Contains(Leaf1(0b1000)), Is.False);
            Assert.That(a.Contains(X86Data.Empty), Is.True);
            Assert.That(Leaf1(1).Except(Leaf1(1)).IsEmpty, Is.True, "items with no bit left disappear");
            Assert.That(b.Items.Select(i => i.Key.Kind), Is.EqualTo(new[] { X86DataKind.Cpuid, X86DataKind.Msr }));
        });
    }

    [Test]
    public void WeightCountsOnlyPartOfTrailingDisabledFeatures()
    {
        ImmutableArray<CpuFeature> List(int require, int disable) =>
            Enumerable.Range(0, require).Select(i => new CpuFeature($"r{i}", FeaturePolicy.Require))
                .Concat(Enumerable.Range(0, disable).Select(i => new CpuFeature($"d{i}", FeaturePolicy.Disable))).ToImmutableArray();
        // 2 requires + 4 disables: the shrinking loop bound meets only 2 of the 4 disables (penalties 2 and 3).
        Assert.That(X86Decoder.Weigh(List(2, 4), CpuType.Guest), Is.EqualTo((4 + 5, 5)));
        Assert.That(X86Decoder.Weigh(List(0, 3), CpuType.Guest), Is.EqualTo((1 + 5, 5)));
        Assert.That(X86Decoder.Weigh(List(3, 0), CpuType.Guest), Is.EqualTo((3, 0)));
        Assert.That(X86Decoder.Weigh(List(1, 2), CpuType.Host), Is.EqualTo((3, 0)));
    }

    private static X86Data DataOf(string model, params string[] extra) =>
        extra.Aggregate(Map.FindModel(model)!.Data, (d, f) => d.Union(Map.FindFeature(f)!.Data));

    private static X86Data WithSignature(X86Data d, uint family, uint model, uint stepping) =>
        d.Union(X86Data.Of(X86Key.Cpuid(1), new X86Regs(new CpuSignature(family, model, stepping).ToCpuidEax(), 0, 0, 0)));

    [Test]
    public void HostDecodeNeedsASupersetOfTheModel()
    {
        var data = DataOf("Lake-3", "vmx").Union(Map.FindVendor("Intel")!.Data);
        var host = X86Decoder.Decode(Map, data, new DecodeRequest(CpuType.Host));
        Assert.That(host.ModelName, Is.EqualTo("Lake-3"));
        Assert.That(host.Vendor, Is.EqualTo("Intel"));
        Assert.That(host.Features, Is.EqualTo(new[] { new CpuFeature("vmx", null) }));
    }

    [Test]
    public void TsxErratumDropsHleAndRtmOnAffectedIntelParts()
    {
        var data = WithSignature(DataOf("Lake-3").Union(Map.FindVendor("Intel")!.Data), 6, 60, 3);
        var cpu = X86Decoder.Decode(Map, data, new DecodeRequest(CpuType.Guest));
        Assert.That(cpu.ModelName, Is.EqualTo("Lake-3-noTSX"));
        Assert.That(cpu.Signature, Is.EqualTo(new CpuSignature(6, 60, 3)));
        var unaffected = WithSignature(DataOf("Lake-3").Union(Map.FindVendor("Intel")!.Data), 6, 63, 4);
        Assert.That(X86Decoder.Decode(Map, unaffected, new DecodeRequest(CpuType.Guest)).ModelName, Is.EqualTo("Lake-3"));
    }

    [Test]
    public void GuestDecodeSkipsHostOnlyModelsAndListsRemovedFeatures()
    {
        var lake4 = DataOf("Lake-4-host").Union(Map.FindVendor("Intel")!.Data);
        Assert.That(X86Decoder.Decode(Map, lake4, new DecodeRequest(CpuType.Host)).ModelName, Is.EqualTo("Lake-4-host"));
        Assert.That(X86Decoder.Decode(Map, lake4, new DecodeRequest(CpuType.Guest)).ModelName, Is.EqualTo("Lake-3"));
        var peak = X86Decoder.Decode(Map, DataOf("Peak-2").Union(Map.FindVendor("AMD")!.Data), new DecodeRequest(CpuType.Guest));
        Assert.That(peak.Features, Is.EqualTo(new[] { new CpuFeature("monitor", FeaturePolicy.Disable) }));
    }

    [Test]
    public void AllowedModelsAndBlockers()
    {
        var data = DataOf("Lake-2").Union(Map.FindVendor("Intel")!.Data);
        var allowed = new[] { new AllowedModel("Lake-1"), new AllowedModel("Lake-2", ImmutableArray.Create("avx")) };
        var cpu = X86Decoder.Decode(Map, data, new DecodeRequest(CpuType.Guest, allowed));
        Assert.That(cpu.ModelName, Is.EqualTo("Lake-2"), "one blocker disabled (weight 2) beats five extra features on Lake-1");
        Assert.That(cpu.Features, Is.EqualTo(new[] { new CpuFeature("avx", FeaturePolicy.Disable) }), "a blocker is disabled even though the data has it");
        Assert.That(Assert.Throws<DomainCpuException>(() => X86Decoder.Decode(Map, data,
            new DecodeRequest(CpuType.Guest, new[] { new AllowedModel("Lake-1") }, new[] { "Lake-2" }, Fallback: CpuFallback.Forbid)))!.Message,
            Is.EqualTo("CPU model Lake-2 is not supported by hypervisor"));
        Assert.That(Assert.Throws<DomainCpuException>(() => X86Decoder.Decode(Map, data,
            new DecodeRequest(CpuType.Guest, new[] { new AllowedModel("Nope") })))!.Message,
            Is.EqualTo("Cannot find suitable CPU model for given data"));
    }

    [Test]
    public void ExpandAndMigratableCopy()
    {
        var cpu = new CpuDefinition { Model = new CpuModelName("Peak-1"), Features = ImmutableArray.Create(new CpuFeature("invtsc"), new CpuFeature("svm", FeaturePolicy.Disable), new CpuFeature("avx", FeaturePolicy.Optional)) };
        var expanded = X86ExpandFeatures.Expand(Map, cpu);
        Assert.That(expanded.Features.Select(f => f.Name), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(expanded.FindFeature("svm")!.Policy, Is.EqualTo(FeaturePolicy.Disable));
        Assert.That(expanded.FindFeature("invtsc")!.Policy, Is.EqualTo(FeaturePolicy.Require));
        Assert.That(expanded.FindFeature("avx"), Is.Null, "optional features are not listed");
        Assert.That(X86Migratable.Copy(Map, cpu).Features.Select(f => f.Name), Is.EqualTo(new[] { "svm", "avx" }));
    }
}

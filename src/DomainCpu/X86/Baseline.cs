using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.Diagnostics;

namespace DomainCpu.X86;

/// <summary>Options of a baseline computation.</summary>
/// <param name="ExpandFeatures">List every feature of the model explicitly, sorted by name (<c>--features</c>).</param>
/// <param name="Migratable">Drop features that are not migratable (<c>--migratable</c>).</param>
/// <param name="AllowedModels">Restrict the result to the hypervisor's models (null = any catalog model).</param>
/// <param name="AllowedFeatures">Restrict the result to these features (null = any).</param>
/// <param name="QemuFilter">Drop the features libvirt's QEMU driver never passes to QEMU (<c>cmt</c>,
/// <c>mbm_total</c>, <c>mbm_local</c>, <c>osxsave</c>, <c>ospke</c>), as its baseline API does.</param>
public sealed record BaselineOptions(
    bool ExpandFeatures = false,
    bool Migratable = false,
    IReadOnlyList<AllowedModel>? AllowedModels = null,
    IReadOnlyList<string>? AllowedFeatures = null,
    bool QemuFilter = false);

/// <summary>
/// The CPU every one of a set of host CPUs can run (libvirt's x86 baseline, SPEC §3.3, §7.4): the features they
/// all share, decoded as a guest CPU that prefers the input models.
/// </summary>
public static class Baseline
{
    /// <summary>Features libvirt's QEMU driver drops before talking to QEMU.</summary>


    /// <summary>Computes the baseline CPU: <c>mode='custom' match='exact'</c>, required features only.</summary>
    /// <exception cref="DomainCpuException">No CPUs, a CPU without model, vendors that differ, CPUs with no
    /// feature in common, or an unknown model, feature or vendor.</exception>
    public static CpuDefinition Compute(CpuCatalog catalog, IReadOnlyList<CpuDefinition> cpus, BaselineOptions? options = null)
    {
        options ??= new BaselineOptions();
        if (cpus.Count == 0) throw new DomainCpuException(Diagnoses.BaselineNoCpus());
        for (var i = 0; i < cpus.Count; i++)
        {
            if (cpus[i].ModelName is null) throw new DomainCpuException(Diagnoses.BaselineCpuWithoutModel(i));
        }

        // The features all CPUs share: an AND of their bits over the catalog's dense layout.
        var bits = catalog.Bits;
        var common = new ulong[bits.Layout.Words];
        var scratch = new ulong[bits.Layout.Words];
        var model0 = X86ModelData.AllInto(catalog, cpus[0], common)!;
        VendorInfo? vendor = null;
        var outputVendor = cpus[0].Vendor is not null;
        if (cpus[0].Vendor is { } v0) vendor = catalog.FindVendor(v0) ?? throw UnknownVendor(v0);
        var names = new List<string> { cpus[0].ModelName! };
        var seen = new bool[catalog.Models.Length];
        seen[model0.Index] = true;
        for (var i = 1; i < cpus.Count; i++)
        {
            var cpu = cpus[i];
            // Every CPU has a model (checked above) and AllInto throws for an unknown one.
            var model = X86ModelData.AllInto(catalog, cpu, scratch)!;
            if (!seen[model.Index])
            {
                seen[model.Index] = true;
                names.Add(cpu.ModelName!);
            }
            if (cpu.Vendor is { } declared && model.Vendor is { } mv && mv.Name != declared)
            {
                throw new DomainCpuException(Diagnoses.BaselineModelVendor(mv.Name, model.Name, declared));
            }
            string? vn = cpu.Vendor;
            if (vn is null)
            {
                outputVendor = false;
                vn = model.Vendor?.Name;
            }
            if (vn is not null)
            {
                if (vendor is null) vendor = catalog.FindVendor(vn) ?? throw UnknownVendor(vn);
                else if (vendor.Name != vn) throw new DomainCpuException(Diagnoses.BaselineVendorsDiffer());
            }
            X86BitLayout.And(common, scratch);
        }
        if (options.AllowedFeatures is { } allowedFeatures)
        {
            Array.Clear(scratch);
            foreach (var name in allowedFeatures)
            {
                if (catalog.FindFeature(name) is { } f) bits.Feature(f).SetIn(scratch);
            }
            X86BitLayout.And(common, scratch);
        }
        if (X86BitLayout.IsEmpty(common)) throw new DomainCpuException(Diagnoses.BaselineNothingInCommon());
        var baseData = bits.Layout.ToData(common);
        if (vendor is not null) baseData = baseData.Union(vendor.Data);

        var decoded = X86Decoder.Decode(catalog, baseData,
            new DecodeRequest(CpuType.Guest, options.AllowedModels, names, options.Migratable));
        var forbid = names.Count == 1 && decoded.ModelName == names[0];
        var result = new CpuDefinition
        {
            Type = CpuType.Guest,
            Mode = CpuMode.Custom,
            Match = CpuMatch.Exact,
            Model = new CpuModelName(decoded.ModelName, forbid ? CpuFallback.Forbid : CpuFallback.Allow),
            Vendor = outputVendor ? decoded.Vendor : null,
            Features = decoded.Features,
        };
        if (options.QemuFilter)
        {
            result = result with { Features = result.Features.Where(f => !FeaturesNeverPassedToQemu.Names.Contains(f.Name)).ToImmutableArray() };
        }
        return options.ExpandFeatures ? X86ExpandFeatures.Expand(catalog, result) : result;
    }

    private static DomainCpuException UnknownVendor(string name) => new(Diagnoses.UnknownVendor(name));
}

using DomainCpu.Model;
using DomainCpu.Diagnostics;

namespace DomainCpu.Catalog;

/// <summary>The CPUID/MSR data a CPU definition stands for (libvirt's model-from-CPU, SPEC §7.1).</summary>
/// <param name="Model">The catalog model of the definition, when the data includes it.</param>
/// <param name="Data">The data.</param>
internal sealed record X86ModelData(CpuModel? Model, X86Data Data)
{
    private static readonly FeaturePolicy[] PolicyOrder = { FeaturePolicy.Force, FeaturePolicy.Require, FeaturePolicy.Optional, FeaturePolicy.Disable, FeaturePolicy.Forbid };

    /// <summary>All the CPU has: its model's data, plus force/require features (host features count as require),
    /// minus disable/forbid features, in document order; optional features are ignored.</summary>
    /// <exception cref="DomainCpuException">Unknown model or feature.</exception>
    public static X86ModelData All(CpuCatalog catalog, CpuDefinition cpu) => Build(catalog, cpu, null);

    /// <summary>Only the features of one policy (plus the model's data for <c>require</c>). A host CPU has
    /// only required features, so any other policy gives nothing.</summary>
    /// <exception cref="DomainCpuException">Unknown model or feature.</exception>
    public static X86ModelData WithPolicy(CpuCatalog catalog, CpuDefinition cpu, FeaturePolicy policy) => Build(catalog, cpu, policy);

    /// <summary>The data of each policy in one pass (what compare needs): force, require (with the model's
    /// data), optional, disable and forbid.</summary>
    /// <exception cref="DomainCpuException">Unknown model or feature.</exception>
    public static (X86Data Force, X86Data Require, X86Data Optional, X86Data Disable, X86Data Forbid) ByPolicy(CpuCatalog catalog, CpuDefinition cpu)
    {
        if (cpu.Type == CpuType.Host) return (X86Data.Empty, Build(catalog, cpu, FeaturePolicy.Require).Data, X86Data.Empty, X86Data.Empty, X86Data.Empty);
        // Same lookup order as five separate per-policy computations, so the first unknown name reported is the same.
        CpuModel? model = null;
        var builders = new X86DataBuilder?[5];
        foreach (var policy in PolicyOrder)
        {
            if (policy == FeaturePolicy.Require && cpu.ModelName is { } name) model = catalog.FindModel(name) ?? throw new DomainCpuException(Diagnoses.UnknownModel(name));
            foreach (var f in cpu.Features)
            {
                if ((f.Policy ?? FeaturePolicy.Require) != policy) continue;
                var info = catalog.FindFeature(f.Name) ?? throw new DomainCpuException(Diagnoses.UnknownFeature(f.Name));
                (builders[(int)policy] ??= new X86DataBuilder(X86Data.Empty)).Or(info.Data);
            }
        }
        X86Data Get(FeaturePolicy p) => builders[(int)p]?.ToData() ?? X86Data.Empty;
        var require = model?.Data ?? X86Data.Empty;
        if (builders[(int)FeaturePolicy.Require] is { } r)
        {
            r.Or(require);
            require = r.ToData();
        }
        return (Get(FeaturePolicy.Force), require, Get(FeaturePolicy.Optional), Get(FeaturePolicy.Disable), Get(FeaturePolicy.Forbid));
    }

    /// <summary><see cref="All"/> as dense bits: writes the CPU's data into <paramref name="into"/> (a word array of
    /// the catalog's layout) and returns its model. Same lookups in the same order, so the same errors.</summary>
    internal static CpuModel? AllInto(CpuCatalog catalog, CpuDefinition cpu, Span<ulong> into)
    {
        var bits = catalog.Bits;
        CpuModel? model = null;
        if (cpu.ModelName is { } name)
        {
            model = catalog.FindModel(name) ?? throw new DomainCpuException(Diagnoses.UnknownModel(name));
            bits.Model(model).CopyTo(into);
        }
        else into.Clear();
        foreach (var f in cpu.Features)
        {
            var fpol = f.Policy ?? FeaturePolicy.Require;
            if (fpol == FeaturePolicy.Optional) continue;
            var mask = bits.Feature(catalog.FindFeature(f.Name) ?? throw new DomainCpuException(Diagnoses.UnknownFeature(f.Name)));
            if (fpol is FeaturePolicy.Disable or FeaturePolicy.Forbid) mask.ClearIn(into);
            else mask.SetIn(into);
        }
        return model;
    }

    /// <summary><see cref="ByPolicy"/> as dense bits: <paramref name="into"/> holds five arrays of the catalog's
    /// layout, one per policy in <see cref="FeaturePolicy"/> order (require with the model's data).</summary>
    internal static void ByPolicyInto(CpuCatalog catalog, CpuDefinition cpu, Span<ulong> into)
    {
        var bits = catalog.Bits;
        var w = bits.Layout.Words;
        into.Clear();
        Span<ulong> Of(Span<ulong> all, FeaturePolicy p) => all.Slice((int)p * w, w);
        foreach (var policy in PolicyOrder)
        {
            // A host CPU has only required features (its features count as require).
            if (cpu.Type == CpuType.Host && policy != FeaturePolicy.Require) continue;
            var target = Of(into, policy);
            if (policy == FeaturePolicy.Require && cpu.ModelName is { } name)
            {
                var model = catalog.FindModel(name) ?? throw new DomainCpuException(Diagnoses.UnknownModel(name));
                bits.Model(model).CopyTo(target);
            }
            foreach (var f in cpu.Features)
            {
                if ((f.Policy ?? FeaturePolicy.Require) != policy) continue;
                bits.Feature(catalog.FindFeature(f.Name) ?? throw new DomainCpuException(Diagnoses.UnknownFeature(f.Name))).SetIn(target);
            }
        }
    }

    private static X86ModelData Build(CpuCatalog catalog, CpuDefinition cpu, FeaturePolicy? policy)
    {
        if (cpu.Type == CpuType.Host && policy is not null and not FeaturePolicy.Require) return new X86ModelData(null, X86Data.Empty);
        CpuModel? model = null;
        var data = new X86DataBuilder(X86Data.Empty);
        if (cpu.ModelName is { } name && policy is null or FeaturePolicy.Require)
        {
            model = catalog.FindModel(name) ?? throw new DomainCpuException(Diagnoses.UnknownModel(name));
            data = new X86DataBuilder(model.Data);
        }
        foreach (var f in cpu.Features)
        {
            var fpol = f.Policy ?? FeaturePolicy.Require;
            if (policy is null ? fpol == FeaturePolicy.Optional : fpol != policy) continue;
            var info = catalog.FindFeature(f.Name) ?? throw new DomainCpuException(Diagnoses.UnknownFeature(f.Name));
            if (policy is null && fpol is FeaturePolicy.Disable or FeaturePolicy.Forbid) data.AndNot(info.Data);
            else data.Or(info.Data);
        }
        return new X86ModelData(model, data.ToData());
    }
}

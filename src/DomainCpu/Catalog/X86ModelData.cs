using DomainCpu.Model;

namespace DomainCpu.Catalog;

/// <summary>The CPUID/MSR data a CPU definition stands for (libvirt's model-from-CPU, SPEC §7.1).</summary>
/// <param name="Model">The catalog model of the definition, when the data includes it.</param>
/// <param name="Data">The data.</param>
public sealed record X86ModelData(CpuModel? Model, X86Data Data)
{
    /// <summary>All the CPU has: its model's data, plus force/require features (host features count as require),
    /// minus disable/forbid features, in document order; optional features are ignored.</summary>
    /// <exception cref="CpuOperationException">Unknown model or feature.</exception>
    public static X86ModelData All(CpuCatalog catalog, CpuDefinition cpu) => Build(catalog, cpu, null);

    /// <summary>Only the features of one policy (plus the model's data for <c>require</c>). A host CPU has
    /// only required features, so any other policy gives nothing.</summary>
    /// <exception cref="CpuOperationException">Unknown model or feature.</exception>
    public static X86ModelData WithPolicy(CpuCatalog catalog, CpuDefinition cpu, FeaturePolicy policy) => Build(catalog, cpu, policy);

    private static X86ModelData Build(CpuCatalog catalog, CpuDefinition cpu, FeaturePolicy? policy)
    {
        if (cpu.Type == CpuType.Host && policy is not null and not FeaturePolicy.Require) return new X86ModelData(null, X86Data.Empty);
        CpuModel? model = null;
        var data = X86Data.Empty;
        if (cpu.ModelName is { } name && policy is null or FeaturePolicy.Require)
        {
            model = catalog.FindModel(name) ?? throw CpuOperationException.UnknownModel(name);
            data = model.Data;
        }
        foreach (var f in cpu.Features)
        {
            var fpol = f.Policy ?? FeaturePolicy.Require;
            if (policy is null ? fpol == FeaturePolicy.Optional : fpol != policy) continue;
            var info = catalog.FindFeature(f.Name) ?? throw CpuOperationException.UnknownFeature(f.Name);
            data = policy is null && fpol is FeaturePolicy.Disable or FeaturePolicy.Forbid
                ? data.Except(info.Data)
                : data.Union(info.Data);
        }
        return new X86ModelData(model, data);
    }
}

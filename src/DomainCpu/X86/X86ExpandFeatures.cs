using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Catalog;
using DomainCpu.Diagnostics;

namespace DomainCpu.X86;

/// <summary>Lists every feature of a CPU's model explicitly, sorted by name (libvirt's expand features, SPEC §7.8).</summary>
internal static class X86ExpandFeatures
{
    /// <summary>The CPU with its model's features, its own require/disable features applied over them, removed model
    /// features disabled (guest), the whole list sorted by byte-wise name.</summary>
    /// <exception cref="DomainCpuException">Unknown model.</exception>
    public static CpuDefinition Expand(CpuCatalog catalog, CpuDefinition cpu)
    {
        var host = cpu.Type == CpuType.Host;
        var name = cpu.ModelName ?? "(null)";
        var model = catalog.FindModel(name) ?? throw new DomainCpuException(Diagnoses.UnknownModel(name));
        var expanded = cpu with
        {
            Features = catalog.FeaturesOf(model.Data).Select(f => new CpuFeature(f.Name, host ? null : FeaturePolicy.Require)).ToImmutableArray(),
        };
        foreach (var f in cpu.Features)
        {
            if (!host && f.Policy is not (FeaturePolicy.Require or FeaturePolicy.Disable)) continue;
            expanded = CpuFeatureEdits.Update(expanded, f.Name, f.Policy);
        }
        if (!host) expanded = CpuFeatureEdits.DisableRemoved(expanded, model);
        return expanded with { Features = expanded.Features.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name)) };
    }
}

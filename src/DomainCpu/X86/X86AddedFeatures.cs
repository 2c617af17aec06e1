using DomainCpu.Catalog;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Targets;

namespace DomainCpu.X86;

/// <summary>The features a cpu_map model gained after its first release (<c>added='yes'</c>) in migratable XML: since
/// <see cref="LibvirtRules.AddedModelFeatures"/> libvirt leaves them out of the CPU it sends to a migration destination
/// unless the user's definition named them, so that an older libvirt, which does not know them, accepts the guest.</summary>
internal static class X86AddedFeatures
{
    /// <summary>The started <paramref name="cpu"/> without its model's added features that <paramref name="original"/>
    /// (the definition before the start-time update) does not name; unchanged without an original definition.</summary>
    /// <exception cref="DomainCpuException">The CPU's model is not in the catalog.</exception>
    public static CpuDefinition DropUnnamed(LibvirtProfile libvirt, CpuCatalog catalog, CpuDefinition cpu, CpuDefinition? original)
    {
        if (!libvirt.Has(LibvirtRules.AddedModelFeatures) || original is null || cpu.Mode != CpuMode.Custom || cpu.ModelName is not { } name)
        {
            return cpu;
        }
        var model = catalog.FindModel(name) ?? throw new DomainCpuException(Diagnoses.UnknownModel(name));
        if (model.AddedFeatures.IsEmpty) return cpu;
        var named = original.Features.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return cpu with { Features = [.. cpu.Features.Where(f => named.Contains(f.Name) || !model.AddedFeatures.Contains(f.Name))] };
    }
}

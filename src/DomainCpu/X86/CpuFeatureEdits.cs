using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Catalog;

namespace DomainCpu.X86;

/// <summary>Feature-list edits with libvirt's rules (a host CPU's features never carry a policy).</summary>
internal static class CpuFeatureEdits
{
    /// <summary>Sets the policy of a listed feature in place, or appends it.</summary>
    public static CpuDefinition Update(CpuDefinition cpu, string name, FeaturePolicy? policy) => cpu.WithFeature(name, policy);

    /// <summary>Appends the feature unless it is already listed.</summary>
    public static CpuDefinition AddIfMissing(CpuDefinition cpu, string name, FeaturePolicy? policy) =>
        IndexOf(cpu.Features, name) >= 0 ? cpu : cpu with { Features = cpu.Features.Add(new CpuFeature(name, cpu.Type == CpuType.Host ? null : policy)) };

    /// <summary>Lists each of the model's removed features as disabled unless the CPU already names it.</summary>
    public static CpuDefinition DisableRemoved(CpuDefinition cpu, CpuModel? model)
    {
        if (model is null) return cpu;
        foreach (var name in model.RemovedFeatures) cpu = AddIfMissing(cpu, name, FeaturePolicy.Disable);
        return cpu;
    }

    private static int IndexOf(ImmutableArray<CpuFeature> features, string name)
    {
        for (var i = 0; i < features.Length; i++)
        {
            if (features[i].Name == name) return i;
        }
        return -1;
    }
}

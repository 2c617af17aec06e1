using System.Collections.Immutable;
using DomainCpu.Model;

namespace DomainCpu.Start;

/// <summary>The CPU edits libvirt makes to migratable XML (<c>qemuDomainMakeCPUMigratable</c>, SPEC §5.3).</summary>
internal static class MigratableCpu
{
    /// <summary>The CPU as a migration destination receives it: a custom <c>Icelake-Server</c> gets <c>pconfig</c>
    /// disabled (updated in place or appended), since older libvirt versions lacked the feature.</summary>
    public static CpuDefinition Of(CpuDefinition cpu)
    {
        if (cpu.Mode != CpuMode.Custom || cpu.ModelName != "Icelake-Server") return cpu;
        var disabled = new CpuFeature("pconfig", FeaturePolicy.Disable);
        var features = cpu.FindFeature("pconfig") is null
            ? cpu.Features.Add(disabled)
            : cpu.Features.Select(f => f.Name == "pconfig" ? disabled : f).ToImmutableArray();
        return cpu with { Features = features };
    }
}

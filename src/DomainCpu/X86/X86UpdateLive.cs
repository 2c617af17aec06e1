using DomainCpu.Model;
using DomainCpu.Catalog;
using DomainCpu.Diagnostics;

namespace DomainCpu.X86;

/// <summary>Applies what the hypervisor really enabled and disabled for a running guest (libvirt's live CPU
/// update, SPEC §7.7); with check='full' any difference is an error instead.</summary>
public static class X86UpdateLive
{
    /// <summary>Updates <paramref name="cpu"/> from the hypervisor's enabled and disabled CPU data.</summary>
    /// <exception cref="DomainCpuException">check='full' and the guest CPU differs, or unknown model/feature.</exception>
    public static CpuDefinition Update(CpuCatalog catalog, CpuDefinition cpu, X86Data? enabled, X86Data? disabled)
    {
        if (cpu.Mode != CpuMode.Custom && cpu.Check != CpuCheck.Full) return cpu;
        enabled ??= X86Data.Empty;
        disabled ??= X86Data.Empty;
        var passthrough = cpu.Mode is CpuMode.HostPassthrough or CpuMode.Maximum;
        var full = cpu.Check == CpuCheck.Full;
        var model = X86ModelData.All(catalog, cpu);
        var modelDisabled = passthrough ? X86ModelData.WithPolicy(catalog, cpu, FeaturePolicy.Disable).Data : X86Data.Empty;
        var added = new List<string>();
        var removed = new List<string>();
        foreach (var f in catalog.Features)
        {
            FeaturePolicy? expected = model.Data.Contains(f.Data) ? FeaturePolicy.Require
                : !passthrough || modelDisabled.Contains(f.Data) ? FeaturePolicy.Disable : null;
            if (expected == FeaturePolicy.Disable && enabled.Contains(f.Data))
            {
                if (full) added.Add(f.Name);
                else cpu = CpuFeatureEdits.Update(cpu, f.Name, FeaturePolicy.Require);
            }
            if (disabled.Contains(f.Data) || expected == FeaturePolicy.Require && !enabled.Contains(f.Data))
            {
                if (full) removed.Add(f.Name);
                else cpu = CpuFeatureEdits.Update(cpu, f.Name, FeaturePolicy.Disable);
            }
        }
        cpu = CpuFeatureEdits.DisableRemoved(cpu, model.Model);
        if (added.Count > 0 || removed.Count > 0)
        {
            var parts = new List<string>();
            if (added.Count > 0) parts.Add($"extra features: {string.Join(",", added)}");
            if (removed.Count > 0) parts.Add($"missing features: {string.Join(",", removed)}");
            throw new DomainCpuException(Diagnoses.LiveCpuMismatch(parts));
        }
        if (full && !disabled.IsEmpty) throw new DomainCpuException(Diagnoses.LiveCpuMismatch([]));
        return cpu;
    }
}

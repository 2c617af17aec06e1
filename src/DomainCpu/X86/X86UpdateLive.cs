using DomainCpu.Model;
using DomainCpu.Catalog;
using DomainCpu.Diagnostics;
using DomainCpu.Targets;

namespace DomainCpu.X86;

/// <summary>Applies what the hypervisor really enabled and disabled for a running guest (libvirt's live CPU
/// update, SPEC §7.7); with check='full' any difference is an error instead.</summary>
internal static class X86UpdateLive
{
    /// <summary>Updates <paramref name="cpu"/> from the hypervisor's enabled and disabled CPU data, as
    /// <paramref name="libvirt"/> does.</summary>
    /// <exception cref="DomainCpuException">check='full' and the guest CPU differs, the data marks a feature both
    /// enabled and disabled (<see cref="LibvirtRules.AddedModelFeatures"/>), or unknown model/feature.</exception>
    public static CpuDefinition Update(LibvirtProfile libvirt, CpuCatalog catalog, CpuDefinition cpu, X86Data? enabled, X86Data? disabled)
    {
        if (cpu.Mode != CpuMode.Custom && cpu.Check != CpuCheck.Full) return cpu;
        enabled ??= X86Data.Empty;
        var disabledLeft = new X86DataBuilder(disabled ?? X86Data.Empty);
        var addedFeatures = libvirt.Has(LibvirtRules.AddedModelFeatures);
        var passthrough = cpu.Mode is CpuMode.HostPassthrough or CpuMode.Maximum;
        var full = cpu.Check == CpuCheck.Full;
        var model = X86ModelData.All(catalog, cpu);
        var modelDisabled = X86ModelData.WithPolicy(catalog, cpu, FeaturePolicy.Disable).Data;
        var added = new List<string>();
        var removed = new List<string>();
        foreach (var f in catalog.Features)
        {
            var explicitly = true;
            FeaturePolicy? expected;
            if (model.Data.Contains(f.Data)) expected = FeaturePolicy.Require;
            else if (modelDisabled.Contains(f.Data)) expected = FeaturePolicy.Disable;
            else
            {
                explicitly = false;
                expected = passthrough ? null : FeaturePolicy.Disable;
            }
            var isEnabled = enabled.Contains(f.Data);
            var isDisabled = disabledLeft.Contains(f.Data);
            if (addedFeatures && isEnabled && isDisabled)
            {
                throw new DomainCpuException(Diagnoses.ConflictingCpuData(f.Name));
            }
            // A feature the model gained later, which the definition does not name, is no difference.
            var ignore = addedFeatures && !explicitly && model.Model is { } m && m.AddedFeatures.Contains(f.Name);
            if (expected == FeaturePolicy.Disable && isEnabled)
            {
                if (full && !ignore) added.Add(f.Name);
                else cpu = CpuFeatureEdits.Update(cpu, f.Name, FeaturePolicy.Require);
            }
            if (isDisabled || expected == FeaturePolicy.Require && !isEnabled)
            {
                if (full && !ignore) removed.Add(f.Name);
                else
                {
                    cpu = CpuFeatureEdits.Update(cpu, f.Name, FeaturePolicy.Disable);
                    if (addedFeatures) disabledLeft.AndNot(f.Data);
                }
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
        if (full && !disabledLeft.ToData().IsEmpty) throw new DomainCpuException(Diagnoses.LiveCpuMismatch([]));
        return cpu;
    }
}

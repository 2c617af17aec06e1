using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Targets;

namespace DomainCpu.X86;

/// <summary>
/// libvirt's <c>check='partial'</c> at start: may the host run the guest CPU? The CPU is compared with the full host
/// CPU through the cpu_map (<see cref="Comparer"/>), except that since
/// <see cref="LibvirtRules.PartialCheckTrustsUsableModels"/> a model QEMU reports usable is trusted when the CPU only
/// disables features, and since <see cref="LibvirtRules.PartialCheckTrustsQemu"/> any other model QEMU knows that the
/// cpu_map does not mark <c>&lt;check partial='compat'/&gt;</c> is judged by QEMU's host model and the model's blockers
/// instead of the cpu_map's definition of the model.
/// </summary>
internal static class X86PartialCheck
{
    /// <summary>Checks <paramref name="cpu"/> as <paramref name="libvirt"/> does for <c>check='partial'</c>.</summary>
    /// <param name="libvirt">The release whose check is reproduced.</param>
    /// <param name="catalog">The cpu_map.</param>
    /// <param name="cpu">The guest CPU (custom or host-model, already a custom CPU for host-model).</param>
    /// <param name="fullHost">The host CPU a compat-mode check compares with; null when unknown (no check then).</param>
    /// <param name="reportedHost">QEMU's host model as domain capabilities report it; null when unknown.</param>
    /// <param name="qemuModels">QEMU's models with their usability and blockers; null when unknown.</param>
    /// <returns>The verdict; <see cref="CompareVerdict.Incompatible"/> refuses the start. Null when nothing could be
    /// compared (no host CPU known).</returns>
    /// <exception cref="DomainCpuException">An unknown model or feature.</exception>
    public static CompareResult? Check(LibvirtProfile libvirt, CpuCatalog catalog, CpuDefinition cpu, CpuDefinition? fullHost,
        CpuDefinition? reportedHost, IReadOnlyList<CustomModel>? qemuModels)
    {
        if (!libvirt.Has(LibvirtRules.PartialCheckTrustsUsableModels)) return Compat(catalog, cpu, fullHost);
        var qemuModel = cpu.ModelName is { } name ? qemuModels?.FirstOrDefault(m => m.Name == name) : null;
        if (qemuModel is { Usable: ModelUsability.Yes } && cpu.Features.All(f => f.Policy == FeaturePolicy.Disable))
        {
            return new CompareResult(CompareVerdict.Superset, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty,
                $"QEMU reports {qemuModel.Name} usable and the CPU only disables features");
        }
        if (!libvirt.Has(LibvirtRules.PartialCheckTrustsQemu)) return Compat(catalog, cpu, fullHost);
        var compat = qemuModel is null || reportedHost is null || reportedHost.Model?.Fallback != CpuFallback.Forbid ||
                     (catalog.FindModel(qemuModel.Name) ?? throw new DomainCpuException(Diagnoses.UnknownModel(qemuModel.Name))).CompatCheck;
        return compat ? Compat(catalog, cpu, fullHost) : ByBlockers(catalog, cpu, reportedHost!, qemuModel!.Blockers);
    }

    private static CompareResult? Compat(CpuCatalog catalog, CpuDefinition cpu, CpuDefinition? fullHost) =>
        fullHost is null ? null : Comparer.Compare(catalog, fullHost, cpu);

    /// <summary>libvirt's compare of an unusable model: every blocker the CPU does not disable, and every feature the
    /// CPU requires that QEMU's host model (its model's features listed) does not require, keeps it from running.</summary>
    private static CompareResult ByBlockers(CpuCatalog catalog, CpuDefinition cpu, CpuDefinition reportedHost, ImmutableArray<string> blockers)
    {
        var missing = ImmutableArray.CreateBuilder<string>();
        foreach (var blocker in blockers)
        {
            if (cpu.FindFeature(blocker)?.Policy != FeaturePolicy.Disable) missing.Add(blocker);
        }
        var host = X86ExpandFeatures.Expand(catalog, reportedHost);
        foreach (var f in cpu.Features)
        {
            if (f.Policy != FeaturePolicy.Require) continue;
            if (host.FindFeature(f.Name)?.Policy != FeaturePolicy.Require) missing.Add(f.Name);
        }
        if (missing.Count == 0)
        {
            return new CompareResult(CompareVerdict.Superset, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty,
                "QEMU's host model provides every feature the CPU requires and the CPU disables every blocker of its model");
        }
        var names = missing.ToImmutable();
        return new CompareResult(CompareVerdict.Incompatible, names, ImmutableArray<string>.Empty,
            $"Host CPU does not provide required features: {string.Join(", ", names)}");
    }
}

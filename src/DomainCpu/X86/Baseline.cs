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
internal static class Baseline
{
    /// <summary>Computes the baseline CPU: <c>mode='custom' match='exact'</c>, required features only.</summary>
    /// <exception cref="DomainCpuException">No CPUs, a CPU without model, vendors that differ, CPUs with no
    /// feature in common, or an unknown model, feature or vendor.</exception>
    public static CpuDefinition Compute(CpuCatalog catalog, IReadOnlyList<CpuDefinition> cpus, BaselineOptions? options = null)
    {
        var builder = new BaselineBuilder(catalog, options);
        foreach (var cpu in cpus) builder.Add(cpu);
        return builder.Build();
    }
}

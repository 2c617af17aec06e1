using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Model;
using DomainCpu.X86;

namespace DomainCpu.Host;

/// <summary>
/// The host-model CPU libvirt derives from QEMU's expansion of its host CPU (<c>virQEMUCapsInitHostCPUModel</c>):
/// the enabled properties (the migratable ones for the migratable host model), the vendor and the signature, decoded
/// with the CPU models into the newest model the hypervisor offers (its blockers disabled), as a custom CPU; the MSR
/// features are dropped unless QEMU reports unavailable features. The one derivation of domain capabilities' host-model,
/// of the start's host CPU, and of <c>capabilities --qemu-host</c>.
/// </summary>
internal static class QemuHostModel
{
    /// <summary>The host-model CPU from libvirt's record of a QEMU binary for an accelerator; null when the record has no
    /// host CPU expansion for it.</summary>
    /// <param name="catalog">The CPU models to decode with.</param>
    /// <param name="caps">The record.</param>
    /// <param name="accel"><c>kvm</c> or <c>tcg</c>.</param>
    /// <param name="migratable">Whether only migratable properties count (the migratable host model).</param>
    /// <exception cref="Diagnostics.DomainCpuException">No catalog model fits the data.</exception>
    public static CpuDefinition? Build(CpuCatalog catalog, QemuCapabilities caps, string accel, bool migratable) =>
        caps.HostCpuFor(accel) is { } host
            ? FromExpansion(catalog, host, AllowedModels(caps.ModelsFor(accel)), caps.Has(QemuCapabilityFlags.CpuUnavailableFeatures), migratable)
            : null;

    /// <summary>The host-model CPU from one expansion of QEMU's host CPU.</summary>
    /// <param name="catalog">The CPU models to decode with.</param>
    /// <param name="host">QEMU's expansion.</param>
    /// <param name="models">The models the hypervisor offers, with their blockers; null for every catalog model.</param>
    /// <param name="reportsUnavailableFeatures">Whether QEMU reports unavailable features (then MSR features stay).</param>
    /// <param name="migratable">Whether only migratable properties count.</param>
    /// <exception cref="Diagnostics.DomainCpuException">No catalog model fits the data.</exception>
    public static CpuDefinition FromExpansion(CpuCatalog catalog, QemuHostCpu host, IReadOnlyList<AllowedModel>? models,
        bool reportsUnavailableFeatures, bool migratable = false)
    {
        var cpu = X86Decoder.Decode(catalog, DataOf(catalog, host, migratable), new DecodeRequest(CpuType.Guest, models, Fallback: CpuFallback.Forbid));
        cpu = cpu with { Type = CpuType.Guest, Mode = CpuMode.Custom, Match = CpuMatch.Exact, Signature = null };
        return reportsUnavailableFeatures ? cpu : X86MsrFeatures.Drop(catalog, cpu);
    }

    /// <summary>The CPU data of QEMU's expansion: its vendor and signature, and the enabled features the catalog knows.</summary>
    public static X86Data DataOf(CpuCatalog catalog, QemuHostCpu host, bool migratable = false)
    {
        var data = X86Data.FromCpuid(QemuHostData.VendorAndSignature(host));
        foreach (var name in QemuHostData.EnabledFeatures(host, migratable))
        {
            if (catalog.FindFeature(name) is { } f) data = data.Union(f.Data);
        }
        return data;
    }

    /// <summary>The models QEMU offers, with their blockers in libvirt's names; null when it lists none.</summary>
    public static IReadOnlyList<AllowedModel>? AllowedModels(IEnumerable<QemuCpuModel>? models)
    {
        var list = models?.Select(m => new AllowedModel(m.Name, m.Blockers.Select(QemuFeatureNames.ToLibvirt).ToImmutableArray())).ToList();
        return list is { Count: > 0 } ? list : null;
    }
}

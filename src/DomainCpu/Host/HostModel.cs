using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.X86;
using DomainCpu.Diagnostics;

namespace DomainCpu.Host;

/// <summary>
/// The CPU libvirt offers as <c>&lt;mode name='host-model'&gt;</c> in domain capabilities (SPEC §2.2, §7.3):
/// QEMU's expansion of its <c>host</c> CPU becomes CPU data (enabled features, vendor, signature) that is
/// decoded as an exact guest CPU over QEMU's models (blockers disabled), with <c>fallback='forbid'</c>. When QEMU
/// gave no expansion, libvirt decodes the host's own CPUID data the same way but with <c>fallback='allow'</c>
/// and without the features it never passes to QEMU. When QEMU lacks the <c>cpu-unavailable-features</c>
/// capability, the MSR features are dropped (<see cref="X86MsrFeatures"/>).
/// </summary>
public static class HostModel
{
    /// <summary>Features libvirt never passes to QEMU, dropped from a host-model derived from CPUID.</summary>
    private static readonly ImmutableHashSet<string> NeverPassedToQemu =
        ImmutableHashSet.Create(StringComparer.Ordinal, "cmt", "mbm_total", "mbm_local", "osxsave", "ospke");

    /// <summary>Derives the host-model CPU.</summary>
    /// <param name="catalog">The CPU catalog.</param>
    /// <param name="report">QEMU's expansion of the host CPU and its model list.</param>
    /// <param name="hostData">The host's CPUID data, used when QEMU gave no expansion; may be null.</param>
    /// <returns>The CPU (mode custom, match exact), or null when neither QEMU nor CPUID data can say.</returns>
    /// <exception cref="DomainCpuException">No allowed model fits.</exception>
    public static CpuDefinition? Derive(CpuCatalog catalog, QemuHostReport report, CpuidData? hostData)
    {
        var cpu = DeriveAll(catalog, report, hostData);
        return cpu is null || report.ReportsUnavailableFeatures ? cpu : X86MsrFeatures.Drop(catalog, cpu);
    }

    private static CpuDefinition? DeriveAll(CpuCatalog catalog, QemuHostReport report, CpuidData? hostData)
    {
        var models = AllowedModels(report);
        if (report.HostCpu is { } host)
        {
            var data = DataOf(catalog, host);
            var cpu = X86Decoder.Decode(catalog, data, new DecodeRequest(CpuType.Guest, models, Fallback: CpuFallback.Forbid));
            return AsGuest(cpu);
        }
        if (hostData is null) return null;
        var fromCpuid = X86Decoder.Decode(catalog, X86Data.FromCpuid(hostData), new DecodeRequest(CpuType.Guest, models, Fallback: CpuFallback.Allow));
        return AsGuest(fromCpuid) with
        {
            Features = fromCpuid.Features.Where(f => !NeverPassedToQemu.Contains(f.Name)).ToImmutableArray(),
        };
    }

    /// <summary>The CPU data libvirt builds from QEMU's expansion: every enabled feature the catalog knows,
    /// the vendor string and the signature.</summary>
    public static X86Data DataOf(CpuCatalog catalog, QemuHostCpu host, bool migratable = false)
    {
        var data = X86Data.FromCpuid(QemuHostData.VendorAndSignature(host));
        foreach (var name in QemuHostData.EnabledFeatures(host, migratable))
        {
            if (catalog.FindFeature(name) is { } f) data = data.Union(f.Data);
        }
        return data;
    }

    /// <summary>QEMU's models as decode restrictions (blockers in libvirt spelling); null when QEMU gave no list.</summary>
    public static IReadOnlyList<AllowedModel>? AllowedModels(QemuHostReport report) =>
        report.Models?.Select(m => new AllowedModel(m.Name, m.Blockers.Select(QemuHostData.ToLibvirtName).ToImmutableArray())).ToList();

    private static CpuDefinition AsGuest(CpuDefinition cpu) =>
        cpu with { Type = CpuType.Guest, Mode = CpuMode.Custom, Match = CpuMatch.Exact, Signature = null };
}

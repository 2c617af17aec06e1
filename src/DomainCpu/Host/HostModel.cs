using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.X86;

namespace DomainCpu.Host;

/// <summary>
/// The host-model CPU libvirt's domain capabilities would show, from QEMU's report (the QMP replies or libvirt's record
/// of the binary): QEMU's expansion of its host CPU derived as libvirt derives it (<see cref="QemuHostModel"/>), or,
/// when QEMU reports no expansion, the host's own CPUID data decoded with the models QEMU offers.
/// </summary>
internal static class HostModel
{
    /// <summary>The host-model CPU; null when QEMU reports no expansion and no CPUID data is given.</summary>
    /// <param name="catalog">The CPU models to decode with.</param>
    /// <param name="report">QEMU's report.</param>
    /// <param name="hostData">The host's CPUID data, used when QEMU reports no expansion.</param>
    /// <exception cref="Diagnostics.DomainCpuException">No allowed model fits.</exception>
    public static CpuDefinition? Derive(CpuCatalog catalog, QemuHostReport report, CpuidData? hostData)
    {
        var models = QemuHostModel.AllowedModels(report.Models);
        if (report.HostCpu is { } host) return QemuHostModel.FromExpansion(catalog, host, models, report.ReportsUnavailableFeatures);
        if (hostData is null) return null;
        var fromCpuid = X86Decoder.Decode(catalog, X86Data.FromCpuid(hostData), new DecodeRequest(CpuType.Guest, models, Fallback: CpuFallback.Allow));
        var cpu = FeaturesNeverPassedToQemu.Drop(fromCpuid with { Type = CpuType.Guest, Mode = CpuMode.Custom, Match = CpuMatch.Exact, Signature = null });
        return report.ReportsUnavailableFeatures ? cpu : X86MsrFeatures.Drop(catalog, cpu);
    }
}

using System.Collections.Immutable;
using System.Globalization;
using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.Catalog.Qemu;
using DomainCpu.X86;
using DomainCpu.Diagnostics;

namespace DomainCpu.Host;

/// <summary>
/// The host-model CPU libvirt computes from QEMU's expansion of the host CPU (<c>&lt;hostCPU&gt;</c> of the
/// capabilities record): every enabled property that names a catalog feature, the vendor and the signature become
/// CPU data, decoded as a guest CPU against QEMU's model list. The migratable copy leaves out the properties QEMU
/// marks as not migratable. Without QEMU's <c>cpu-unavailable-features</c> capability both copies lose their MSR
/// features (<see cref="X86MsrFeatures"/>).
/// </summary>
public static class QemuHostModel
{
    /// <summary>The host model for an accelerator; null when the record has no host CPU for it.</summary>
    /// <exception cref="DomainCpuException">No catalog model fits the data.</exception>
    public static CpuDefinition? Build(CpuCatalog catalog, QemuCapabilities caps, string accel, bool migratable)
    {
        if (caps.HostCpuFor(accel) is not { } host) return null;
        var data = X86Data.Empty;
        uint? family = null, model = null, stepping = null;
        foreach (var p in host.Properties)
        {
            switch (p.Type)
            {
                case "boolean" when p.Value == "true":
                    if (migratable && p.Migratable == false) continue;
                    if (catalog.FindFeature(QemuFeatureNames.ToLibvirt(p.Name)) is { } f) data = data.Union(f.Data);
                    break;
                case "string" when p.Name == "vendor":
                    if (catalog.Vendors.FirstOrDefault(v => v.CpuidString == p.Value) is { } vendor) data = data.Union(vendor.Data);
                    break;
                case "number" when p.Name is "family" or "model" or "stepping":
                    var n = uint.TryParse(p.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var x) ? x : 0;
                    if (p.Name == "family") family = n;
                    else if (p.Name == "model") model = n;
                    else stepping = n;
                    break;
            }
        }
        if (family is { } fam)
        {
            data = data.Union(X86Data.Of(X86Key.Cpuid(1), new X86Regs(Signature(fam, model ?? 0, stepping ?? 0), 0, 0, 0)));
        }
        var allowed = caps.ModelsFor(accel)
            .Select(m => new AllowedModel(m.Name, m.Blockers.Select(QemuFeatureNames.ToLibvirt).ToImmutableArray()))
            .ToList();
        var cpu = X86Decoder.Decode(catalog, data, new DecodeRequest(CpuType.Guest, allowed.Count > 0 ? allowed : null, null, false, CpuFallback.Forbid));
        cpu = cpu with { Mode = CpuMode.Custom, Match = CpuMatch.Exact, Signature = null };
        return caps.Has(QemuCapabilityFlags.CpuUnavailableFeatures) ? cpu : X86MsrFeatures.Drop(catalog, cpu);
    }

    /// <summary>CPUID leaf 1 eax for a family, model and stepping (extended family and model when needed).</summary>
    private static uint Signature(uint family, uint model, uint stepping)
    {
        var eax = (stepping & 0xf) | ((model & 0xf) << 4) | (((model >> 4) & 0xf) << 16);
        if (family > 0xf) eax |= (0xfu << 8) | (((family - 0xf) & 0xff) << 20);
        else eax |= family << 8;
        return eax;
    }
}

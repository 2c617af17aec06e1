using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;
using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>
/// The CPU part of domain capabilities as libvirt's QEMU driver fills it from its record of a QEMU binary, for one
/// domain type (SPEC §2.2): host-passthrough only when accelerated, maximum when QEMU has the <c>max</c> CPU,
/// host-model as the CPU libvirt builds from QEMU's expansion of the host (the reported, not the migratable, copy),
/// and the custom models QEMU offers that the CPU catalog knows, in QEMU's order, with their usability and blockers.
/// What <c>virsh domcapabilities</c> prints, without asking libvirt.
/// </summary>
internal static class QemuDomainCapabilities
{
    private static readonly ImmutableArray<string> OnOff = ["on", "off"];

    /// <summary>The domain capabilities' CPU of a QEMU binary for a domain type.</summary>
    /// <param name="catalog">The CPU catalog (libvirt's cpu_map) the host model is decoded with.</param>
    /// <param name="caps">libvirt's record of the binary.</param>
    /// <param name="virtType">The domain type (<c>kvm</c> or <c>qemu</c>).</param>
    public static DomainCapabilitiesCpu Cpu(CpuCatalog catalog, QemuCapabilities caps, string? virtType)
    {
        var accel = QemuCapabilities.AccelOf(virtType);
        // The host runs an x86 binary natively, so only the accelerator decides host-passthrough.
        var passthrough = accel == "kvm"
            ? new MigratableMode(true, caps.Has(QemuCapabilityFlags.CpuMigratable) ? OnOff : ["off"])
            : new MigratableMode(false, []);
        var maximum = caps.Has(QemuCapabilityFlags.CpuMax) ? new MigratableMode(true, OnOff) : new MigratableMode(false, []);
        CpuDefinition? hostModel;
        try
        {
            hostModel = QemuHostModel.Build(catalog, caps, accel, migratable: false);
        }
        catch (DomainCpuException)
        {
            // No catalog model describes QEMU's host CPU: libvirt then has no host model for this type either.
            hostModel = null;
        }
        var offered = caps.ModelsFor(accel).ToList();
        var models = offered
            .Where(m => m.Name != "host" && catalog.FindModel(m.Name) is not null)
            .Select(m => new CustomModel(m.Name,
                m.Usable switch { true => ModelUsability.Yes, false => ModelUsability.No, null => ModelUsability.Unknown },
                m.Deprecated, catalog.FindModel(m.Name)!.Vendor?.Name, m.Blockers.Select(QemuFeatureNames.ToLibvirt).ToImmutableArray()))
            .ToImmutableArray();
        return new DomainCapabilitiesCpu(passthrough, maximum, new HostModelMode(hostModel is not null, hostModel),
            new CustomMode(offered.Count > 0, models));
    }
}

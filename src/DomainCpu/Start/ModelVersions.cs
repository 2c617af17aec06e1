using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;
using DomainCpu.Targets;

namespace DomainCpu.Start;

/// <summary>
/// The concrete version QEMU runs for an unversioned x86 model name on a machine type, from a QEMU catalog's
/// machine-type resolution: machine types from 4.1 on (and the <c>pc</c>/<c>q35</c> aliases) resolve every model to
/// <c>-v1</c>, <c>microvm</c> to the latest version, and older machine types run the legacy unversioned definition,
/// which has no versioned name. Writing the versioned name into a domain (pinning) is only safe where the target
/// libvirt knows versioned names (<see cref="LibvirtRules.VersionedModelNames"/>).
/// </summary>
internal static class ModelVersions
{
    /// <summary>The concrete version an unversioned model runs as on the machine type, or null when there is
    /// nothing to pin (already versioned, a named alias, not a QEMU model, an unknown or pre-4.1 machine type).</summary>
    /// <param name="model">The model name as written in the domain.</param>
    /// <param name="machine">The machine type; null means QEMU's default machine type.</param>
    /// <param name="catalog">The QEMU catalog; the oldest embedded one (QEMU 7.2) when null.</param>
    public static string? Pin(string model, string? machine, QemuCatalog? catalog = null)
    {
        catalog ??= EmbeddedCatalog.Qemu;
        var machineType = machine is null ? catalog.DefaultMachine : catalog.FindMachine(machine);
        if (machineType is null) return null;
        return catalog.Resolve(model, machineType) is { Kind: QemuNameKind.Unversioned, AliasOf: { } version } ? version : null;
    }

    /// <summary>What pinning does to a model for a target: null when there is nothing to pin (see <see cref="Pin"/>);
    /// else the versioned name, or, when the target libvirt does not know versioned names, why the name stays.</summary>
    /// <param name="model">The model name as written in the domain.</param>
    /// <param name="machine">The machine type; null means QEMU's default machine type.</param>
    /// <param name="catalog">The target's QEMU catalog.</param>
    /// <param name="libvirt">The target's libvirt release.</param>
    public static ModelPin? Decide(string model, string? machine, QemuCatalog catalog, LibvirtProfile libvirt)
    {
        if (Pin(model, machine, catalog) is not { } version) return null;
        var rule = LibvirtRules.VersionedModelNames;
        return libvirt.Has(rule)
            ? new ModelPin(model, version, null)
            : new ModelPin(model, null, Diagnoses.ModelNotPinned(model, version, libvirt.Version.ToString(), rule.Since.ToString()));
    }
}

/// <summary>What pinning does to one model name.</summary>
/// <param name="Model">The model name as written.</param>
/// <param name="Pinned">The versioned name written instead; null when the name stays.</param>
/// <param name="NotPinned">Why the name stays although QEMU runs a version of it (a warning); null when pinned.</param>
internal sealed record ModelPin(string Model, string? Pinned, Diagnostic? NotPinned);

using DomainCpu.Catalog.Qemu;

namespace DomainCpu.Start;

/// <summary>
/// The concrete version QEMU runs for an unversioned x86 model name on a machine type, from the embedded QEMU
/// catalog's machine-type resolution: machine types from 4.1 on (and the <c>pc</c>/<c>q35</c> aliases) resolve
/// every model to <c>-v1</c>, <c>microvm</c> to the latest version, and older machine types run the legacy
/// unversioned definition, which has no versioned name.
/// </summary>
public static class ModelVersions
{
    /// <summary>The concrete version an unversioned model runs as on the machine type, or null when there is
    /// nothing to pin (already versioned, a named alias, not a QEMU model, an unknown or pre-4.1 machine type).</summary>
    /// <param name="model">The model name as written in the domain.</param>
    /// <param name="machine">The machine type; null means QEMU's default machine type.</param>
    /// <param name="catalog">The QEMU catalog; the embedded one when null.</param>
    public static string? Pin(string model, string? machine, QemuCatalog? catalog = null)
    {
        catalog ??= EmbeddedCatalog.Qemu;
        var machineType = machine is null ? catalog.DefaultMachine : catalog.FindMachine(machine);
        if (machineType is null) return null;
        return catalog.Resolve(model, machineType) is { Kind: QemuNameKind.Unversioned, AliasOf: { } version } ? version : null;
    }
}

namespace DomainCpu.Catalog.Qemu;

/// <summary>How a CPU name was written.</summary>
internal enum QemuNameKind
{
    /// <summary>The unversioned model name (<c>Haswell</c>): its meaning depends on the machine type.</summary>
    Unversioned,
    /// <summary>A versioned name (<c>Haswell-v2</c>): always the same CPU.</summary>
    Versioned,
    /// <summary>A named alias (<c>Haswell-noTSX</c>): always the same version.</summary>
    NamedAlias,
}

/// <summary>What a CPU name means under one machine type.</summary>
/// <param name="Name">The name as given to <c>-cpu</c>.</param>
/// <param name="Kind">How the name was written.</param>
/// <param name="Model">The model.</param>
/// <param name="Version">The version the name stands for.</param>
/// <param name="AliasOf">The versioned name QEMU reports as <c>alias-of</c> under that machine type (null for
/// versioned names and under legacy machine types).</param>
internal sealed record QemuResolution(string Name, QemuNameKind Kind, QemuModel Model, QemuModelVersion Version, string? AliasOf);

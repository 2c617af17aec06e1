using System.Collections.Immutable;

namespace DomainCpu.Catalog.Qemu;

/// <summary>What an unversioned model name (<c>Haswell</c>) means under a machine type.</summary>
internal enum QemuCpuVersionPolicy
{
    /// <summary>Machine types older than versioned models: the name is its own (version 1) CPU and QEMU reports no
    /// alias for any name.</summary>
    Legacy,
    /// <summary>The name is an alias of version 1.</summary>
    First,
    /// <summary>The name is an alias of the newest version.</summary>
    Latest,
}

/// <summary>A QEMU machine type as it concerns CPUs: how it resolves model names and which property values its
/// compatibility rules set on CPUs.</summary>
/// <param name="Name">The machine type (<c>pc-i440fx-7.2</c>).</param>
/// <param name="Alias">Its short alias (<c>pc</c>), if any.</param>
/// <param name="IsDefault">Whether QEMU uses it when no <c>-machine</c> is given.</param>
/// <param name="CpuVersion">How unversioned model names resolve.</param>
/// <param name="Overrides">Property values the machine type sets, relative to the resolved version.</param>
internal sealed record QemuMachineType(
    string Name,
    string? Alias,
    bool IsDefault,
    QemuCpuVersionPolicy CpuVersion,
    ImmutableArray<QemuPropOverride> Overrides)
{
    /// <summary>The most vCPUs the machine type takes (QEMU's <c>cpu-max</c>); 0 when unknown.</summary>
    public int MaxCpus { get; init; }

    /// <summary>The QOM type of the CPU QEMU gives a guest without <c>-cpu</c> (<c>qemu64-x86_64-cpu</c>); null when
    /// the machine type names none.</summary>
    public string? DefaultCpuType { get; init; }

    /// <summary>The id of the machine type's default RAM backend (<c>pc.ram</c>); null when it names none.</summary>
    public string? DefaultRamId { get; init; }

    /// <summary>Whether QEMU marks the machine type deprecated.</summary>
    public bool Deprecated { get; init; }
}

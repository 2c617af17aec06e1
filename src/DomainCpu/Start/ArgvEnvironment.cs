using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Host;

namespace DomainCpu.Start;

/// <summary>What the QEMU arguments of a domain depend on besides the domain itself.</summary>
public sealed record ArgvEnvironment
{
    /// <summary>libvirt's record of the QEMU binary; QEMU 7.2's built-in facts when none is given.</summary>
    public QemuCapabilities Caps { get; init; } = QemuBuiltinCapabilities.Qemu72;

    /// <summary>A machine type that replaces the domain's; null keeps the domain's.</summary>
    public string? Machine { get; init; }

    /// <summary>The host-model CPU of domain capabilities (libvirt's migratable host model); null when unknown.</summary>
    public CpuDefinition? HostModel { get; init; }

    /// <summary>The full host CPU of host capabilities; null when unknown.</summary>
    public CpuDefinition? HostCpu { get; init; }

    /// <summary>The CPU catalog (libvirt's cpu_map) for the start-time update; null when none is loaded.</summary>
    public Catalog.CpuCatalog? Catalog { get; init; }

    /// <summary>The start-time CPU algorithms; null uses the catalog's (<see cref="CatalogStartTimeEngine"/>), or
    /// <see cref="LimitedStartTimeEngine"/> without a catalog.</summary>
    public IStartTimeCpuEngine? Engine { get; init; }

    /// <summary>The host's NUMA nodes (host capabilities' <c>&lt;topology&gt;&lt;cells&gt;</c>); null when unknown, and then
    /// <c>&lt;numatune&gt;</c> node sets are not checked against the host.</summary>
    public ImmutableSortedSet<int>? HostNumaNodes { get; init; }

    /// <summary>Whether the domain is started by incoming migration (taint host-cpu).</summary>
    public bool Incoming { get; init; }
}

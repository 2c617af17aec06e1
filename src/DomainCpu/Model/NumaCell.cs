using System.Collections.Immutable;

namespace DomainCpu.Model;

/// <summary>The <c>&lt;numa&gt;</c> element of a guest CPU: cells and their interconnects.</summary>
/// <param name="Cells">The cells, as given (libvirt writes them sorted by id).</param>
/// <param name="Interconnects">Latencies and bandwidths between cells; empty when absent.</param>
public sealed record NumaTopology(ImmutableArray<NumaCell> Cells, ImmutableArray<NumaInterconnect> Interconnects)
{
    /// <summary>Value equality over the cell and interconnect lists.</summary>
    public bool Equals(NumaTopology? other) =>
        other is not null && Cells.SequenceEqual(other.Cells) && Interconnects.SequenceEqual(other.Interconnects);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Cells.Length, Interconnects.Length);
}

/// <summary>A guest NUMA <c>&lt;cell&gt;</c>.</summary>
/// <param name="Id">The cell id; null when not given (libvirt then uses the position).</param>
/// <param name="Cpus">The vCPU set in libvirt's canonical cpuset syntax; null for a CPU-less cell.</param>
/// <param name="MemoryKiB">The cell's memory in KiB (converted from the given unit, rounded up).</param>
/// <param name="MemAccess">shared or private; null when not given.</param>
/// <param name="Discard">yes or no; null when not given.</param>
/// <param name="Distances">The distances to other cells.</param>
/// <param name="Caches">The memory-side caches of the cell.</param>
public sealed record NumaCell(
    uint? Id,
    string? Cpus,
    ulong MemoryKiB,
    string? MemAccess,
    string? Discard,
    ImmutableArray<NumaDistance> Distances,
    ImmutableArray<NumaCache> Caches)
{
    /// <summary>Value equality over every field, lists compared element by element.</summary>
    public bool Equals(NumaCell? other) =>
        other is not null && Id == other.Id && Cpus == other.Cpus && MemoryKiB == other.MemoryKiB &&
        MemAccess == other.MemAccess && Discard == other.Discard &&
        Distances.SequenceEqual(other.Distances) && Caches.SequenceEqual(other.Caches);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Cpus, MemoryKiB);
}

/// <summary>A <c>&lt;sibling id value/&gt;</c> distance of a NUMA cell.</summary>
/// <param name="Id">The other cell's id.</param>
/// <param name="Value">The distance (10 to 255; 10 means the cell itself).</param>
public sealed record NumaDistance(uint Id, uint Value);

/// <summary>A memory-side <c>&lt;cache&gt;</c> of a NUMA cell.</summary>
/// <param name="Level">The cache level.</param>
/// <param name="Associativity">none, direct or full.</param>
/// <param name="Policy">none, writeback or writethrough.</param>
/// <param name="SizeKiB">The cache size in KiB.</param>
/// <param name="LineBytes">The cache line size in bytes.</param>
public sealed record NumaCache(uint Level, string Associativity, string Policy, ulong SizeKiB, ulong LineBytes);

/// <summary>A <c>&lt;latency&gt;</c> or <c>&lt;bandwidth&gt;</c> between NUMA cells.</summary>
/// <param name="Kind">latency or bandwidth (the element name).</param>
/// <param name="Initiator">The initiating cell.</param>
/// <param name="Target">The target cell.</param>
/// <param name="Cache">The target's cache level; null when not given.</param>
/// <param name="Type">access, read or write.</param>
/// <param name="Value">The latency, or the bandwidth in KiB/s.</param>
public sealed record NumaInterconnect(string Kind, uint Initiator, uint Target, uint? Cache, string Type, ulong Value);

using System.Collections.Immutable;
using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>
/// What libvirt adds to a host CPU beyond the decoded CPUID data, each learnt from the running system rather than
/// from the CPU: microcode version, TSC frequency, topology, physical address width and page sizes. A CPUID dump
/// carries none of them, so a host decoded from a dump has none either (like libvirt's cputest output).
/// </summary>
/// <param name="Microcode">The microcode version; null or 0 when unknown (libvirt then writes none).</param>
/// <param name="Tsc">The TSC frequency and scaling; shown only when the CPU has an invariant TSC.</param>
/// <param name="Topology">Sockets (per NUMA node), dies, cores, threads; null when unknown.</param>
/// <param name="PhysAddrBits">The physical address width; null when unknown.</param>
/// <param name="Pages">The supported page sizes (KiB), ascending.</param>
internal sealed record HostFacts(
    ulong? Microcode = null,
    CpuCounter? Tsc = null,
    CpuTopology? Topology = null,
    uint? PhysAddrBits = null,
    ImmutableArray<HostPages> Pages = default)
{
    /// <summary>No facts: the output of decoding a dump.</summary>
    public static HostFacts None { get; } = new();

    /// <summary>The page sizes, never default.</summary>
    public ImmutableArray<HostPages> PageSizes => Pages.IsDefault ? ImmutableArray<HostPages>.Empty : Pages;

    /// <summary>The facts as <paramref name="libvirt"/> reports them: since <see cref="Targets.LibvirtRules.ClustersInTopology"/>
    /// the host topology has <c>clusters='1'</c>.</summary>
    public HostFacts For(Targets.LibvirtProfile libvirt) =>
        Topology is { Clusters: null } t && libvirt.Has(Targets.LibvirtRules.ClustersInTopology) ? this with { Topology = t with { Clusters = 1 } } : this;

    /// <summary>Value equality (page lists element by element).</summary>
    public bool Equals(HostFacts? other) =>
        other is not null && Microcode == other.Microcode && Equals(Tsc, other.Tsc) && Equals(Topology, other.Topology) &&
        PhysAddrBits == other.PhysAddrBits && PageSizes.SequenceEqual(other.PageSizes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Microcode, Tsc, Topology, PhysAddrBits);
}

using System.Collections.Immutable;
using DomainCpu.Diagnostics;

namespace DomainCpu.Start;

/// <summary>
/// libvirt refuses to bind guest memory to host NUMA nodes the host does not have. It checks while building
/// the memory backends: the default RAM backend (machines with a default RAM id, guests without NUMA cells) binds
/// to the <c>&lt;numatune&gt;&lt;memory&gt;</c> nodes; with guest cells, <c>-numa</c> first checks those and every
/// <c>&lt;memnode&gt;</c>'s nodes.
/// </summary>
internal static class HostNumaCheck
{
    /// <summary>Throws libvirt's reason when a bound node is missing; does nothing when the host nodes are unknown.</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="hostNodes">The host's NUMA nodes; null when unknown.</param>
    /// <param name="guestCells">Whether the guest has NUMA cells (the <c>-numa</c> check, which includes the memnodes).</param>
    /// <exception cref="Diagnostics.DomainCpuException">A bound node does not exist on the host.</exception>
    public static void Check(ArgvDomain domain, ImmutableSortedSet<int>? hostNodes, bool guestCells)
    {
        if (hostNodes is null || domain.NumaTune is not { } tune) return;
        var sets = tune.Memory is { } memory ? new[] { memory } : [];
        if (guestCells) sets = [.. sets, .. tune.Cells.Values];
        foreach (var node in sets.SelectMany(s => s))
        {
            if (!hostNodes.Contains(node)) throw domain.Error("domain", Diagnoses.HostNumaNodeUnavailable(node));
        }
    }
}

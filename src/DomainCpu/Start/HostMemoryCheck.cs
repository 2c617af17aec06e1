using System.Collections.Immutable;
using DomainCpu.Diagnostics;

namespace DomainCpu.Start;

/// <summary>
/// libvirt's refusals while it builds a guest's memory backends from what the host gives (<c>qemuBuildMemoryBackendProps</c>):
/// huge pages need a hugetlbfs mount (of the page size asked for, unless memfd provides it), and memory placed
/// automatically needs numad's advice (<c>virDomainNumatuneMaybeGetNodeset</c>).
/// </summary>
internal static class HostMemoryCheck
{
    /// <summary>x86's base page size: a "huge" page of this size is ordinary memory.</summary>
    private const ulong SystemPageKiB = 4;

    /// <summary>Throws libvirt's reason when the host cannot back or place the guest's memory; does nothing when the
    /// host's facts are unknown.</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="facts">The host's facts; null when unknown.</param>
    /// <param name="guestCells">The guest's NUMA cell ids (empty without cells).</param>
    /// <param name="numatuneConsulted">Whether a memory backend reads <c>&lt;numatune&gt;</c>: every guest cell's, or
    /// the default RAM backend of a machine that has one.</param>
    /// <exception cref="DomainCpuException">The host lacks what the guest's memory needs.</exception>
    public static void Check(ArgvDomain domain, HostMemoryFacts? facts, ImmutableArray<int> guestCells, bool numatuneConsulted)
    {
        if (facts is null) return;
        var backing = domain.Memory ?? MemoryBacking.None;
        var sizes = PageSizes(backing, guestCells);
        if (sizes.Any(s => s == 0 || !backing.Memfd) && facts.HugetlbfsPageSizesKiB.IsEmpty)
        {
            throw domain.Error("hugepages", Diagnoses.HugetlbfsUnavailable());
        }
        if (numatuneConsulted && domain.NumaTune is { AutoPlacement: true } && !facts.NumadAdvice)
        {
            throw domain.Error("domain", Diagnoses.NumadAdviceNeeded());
        }
        if (!backing.Memfd && sizes.FirstOrDefault(s => s != 0 && !facts.HugetlbfsPageSizesKiB.Contains(s)) is var missing and not 0)
        {
            throw domain.Error("hugepages", Diagnoses.HugetlbfsSizeUnavailable(missing));
        }
    }

    /// <summary>The huge page size each memory backend uses (0: the default size), ordinary memory left out: without
    /// guest cells, the page without a node set; with them, each cell's own page, else that one.</summary>
    private static List<ulong> PageSizes(MemoryBacking backing, ImmutableArray<int> guestCells)
    {
        var master = backing.Pages.FirstOrDefault(p => p.Nodes is null);
        var used = guestCells.IsEmpty
            ? [master]
            : guestCells.Select(cell => backing.Pages.FirstOrDefault(p => p.Nodes is { } nodes && nodes.Contains(cell)) ?? master).ToList();
        return used.OfType<HugePage>().Select(p => p.SizeKiB).Where(s => s != SystemPageKiB).ToList();
    }
}

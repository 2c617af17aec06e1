using System.Collections.Immutable;

namespace DomainCpu.Start;

/// <summary>A domain's <c>&lt;memoryBacking&gt;</c> as far as the host must provide for it.</summary>
/// <param name="Pages">The <c>&lt;hugepages&gt;&lt;page&gt;</c> elements (one sizeless page for a bare
/// <c>&lt;hugepages/&gt;</c>); empty without huge pages.</param>
/// <param name="Memfd">Whether the memory comes from memfd (<c>&lt;source type='memfd'/&gt;</c>), which needs no
/// hugetlbfs mount for a page size it is given.</param>
internal sealed record MemoryBacking(ImmutableArray<HugePage> Pages, bool Memfd)
{
    /// <summary>No huge pages.</summary>
    public static MemoryBacking None { get; } = new(ImmutableArray<HugePage>.Empty, false);
}

/// <summary>One huge page size of <c>&lt;memoryBacking&gt;</c>.</summary>
/// <param name="SizeKiB">The page size in KiB; 0 for the host's default huge page size.</param>
/// <param name="Nodes">The guest NUMA nodes it backs; null for every node without a page of its own.</param>
internal sealed record HugePage(ulong SizeKiB, ImmutableArray<int>? Nodes);

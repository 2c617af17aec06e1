using System.Collections.Immutable;

namespace DomainCpu.Start;

/// <summary>The host NUMA nodes a domain's <c>&lt;numatune&gt;</c> binds guest memory to.</summary>
/// <param name="Memory">The nodes of <c>&lt;memory nodeset&gt;</c>; null when not given or placement is automatic
/// (numad then chooses nodes that exist).</param>
/// <param name="Cells">The nodes of each <c>&lt;memnode cellid nodeset&gt;</c>, by guest cell.</param>
/// <param name="AutoPlacement">Whether guest memory is placed automatically (<c>&lt;memory placement='auto'&gt;</c>, or a
/// <c>&lt;vcpu placement='auto'&gt;</c> without a memory node set), so its nodes come from numad's advice.</param>
internal sealed record NumaTune(ImmutableArray<int>? Memory, ImmutableSortedDictionary<int, ImmutableArray<int>> Cells, bool AutoPlacement = false)
{
    /// <summary>No binding.</summary>
    public static NumaTune None { get; } = new(null, ImmutableSortedDictionary<int, ImmutableArray<int>>.Empty);
}

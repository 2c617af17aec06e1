using System.Collections.Immutable;
using System.Globalization;
using System.Xml.Linq;
using DomainCpu.Xml;

namespace DomainCpu.Host;

/// <summary>Reads the host's NUMA nodes from host capabilities (<c>&lt;host&gt;&lt;topology&gt;&lt;cells&gt;</c>,
/// one <c>&lt;cell id&gt;</c> per node the host has), and the online CPUs of those cells (<c>&lt;cpus&gt;&lt;cpu id&gt;</c>).</summary>
internal static class HostNumaReader
{
    /// <summary>The node ids; null when the document has no NUMA cells (the host's nodes are then unknown).</summary>
    public static ImmutableSortedSet<int>? ReadNodes(DomainDocument doc) => Ids(Cells(doc));

    /// <summary>The online CPU ids of all cells; null when the document lists none (the host's CPUs are then unknown).</summary>
    public static ImmutableSortedSet<int>? ReadCpus(DomainDocument doc) =>
        Ids(Cells(doc)?.SelectMany(c => c.Element("cpus")?.Elements("cpu") ?? []));

    private static IEnumerable<XElement>? Cells(DomainDocument doc) =>
        doc.Root.Element("host")?.Element("topology")?.Element("cells")?.Elements("cell");

    /// <summary>The <c>id</c>s of the elements that have one; null when there are no elements.</summary>
    private static ImmutableSortedSet<int>? Ids(IEnumerable<XElement>? elements)
    {
        var list = elements?.ToList();
        if (list is null || list.Count == 0) return null;
        return list.Select(e => XmlValues.Attr(e, "id"))
            .Select(id => int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .Where(n => n >= 0).ToImmutableSortedSet();
    }
}

using System.Collections.Immutable;
using System.Globalization;
using DomainCpu.Xml;

namespace DomainCpu.Host;

/// <summary>Reads the host's NUMA nodes from host capabilities (<c>&lt;host&gt;&lt;topology&gt;&lt;cells&gt;</c>,
/// one <c>&lt;cell id&gt;</c> per node the host has), and the online CPUs of those cells (<c>&lt;cpus&gt;&lt;cpu id&gt;</c>).</summary>
internal static class HostNumaReader
{
    /// <summary>The node ids; null when the document has no NUMA cells (the host's nodes are then unknown).</summary>
    public static ImmutableSortedSet<int>? ReadNodes(DomainDocument doc)
    {
        var cells = doc.Root.Element("host")?.Element("topology")?.Element("cells")?.Elements("cell").ToList();
        if (cells is null || cells.Count == 0) return null;
        return cells.Select(c => XmlValues.Attr(c, "id"))
            .Select(id => int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .Where(n => n >= 0).ToImmutableSortedSet();
    }

    /// <summary>The online CPU ids of all cells; null when the document lists none (the host's CPUs are then unknown).</summary>
    public static ImmutableSortedSet<int>? ReadCpus(DomainDocument doc)
    {
        var cpus = doc.Root.Element("host")?.Element("topology")?.Element("cells")?.Elements("cell")
            .SelectMany(c => c.Element("cpus")?.Elements("cpu") ?? []).ToList();
        if (cpus is null || cpus.Count == 0) return null;
        return cpus.Select(c => XmlValues.Attr(c, "id"))
            .Select(id => int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .Where(n => n >= 0).ToImmutableSortedSet();
    }
}

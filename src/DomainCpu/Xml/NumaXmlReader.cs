using System.Collections.Immutable;
using System.Xml.Linq;
using DomainCpu.Model;

namespace DomainCpu.Xml;

/// <summary>Reads <c>&lt;cpu&gt;&lt;numa&gt;</c> as libvirt's NUMA parser does (SPEC §1.7).</summary>
internal static class NumaXmlReader
{
    public static NumaTopology Read(XElement numa, XmlValues v, InputLimits limits)
    {
        var cellEls = numa.Elements("cell").ToList();
        if (cellEls.Count == 0) throw v.Error(numa, "DC0119", "NUMA topology defined without NUMA cells");
        if (cellEls.Count > limits.MaxNumaCells)
        {
            throw v.Error(cellEls[limits.MaxNumaCells], "DC0121", $"more than {limits.MaxNumaCells} NUMA cells");
        }
        var n = cellEls.Count;
        var cells = new NumaCell?[n];
        var elementOf = new XElement[n];
        var totalCpus = 0L;
        for (var i = 0; i < n; i++)
        {
            var e = cellEls[i];
            var id = (uint)i;
            if (e.Attribute("id") is { } ida)
            {
                id = (uint)v.ParseULong(ida, "DC0119", uint.MaxValue);
                if (id >= n)
                {
                    throw v.Error(ida, "DC0119", "Exactly one 'cell' element per guest NUMA cell allowed, non-contiguous ranges or ranges not starting from 0 are not allowed");
                }
            }
            if (cells[id] is not null) throw v.Error(e, "DC0119", $"Duplicate NUMA cell info for cell id '{id}'");
            string? cpus = null;
            if (e.Attribute("cpus") is { } ca)
            {
                var set = CpuSet.Parse(ca.Value) ?? throw v.Error(ca, "DC0119", $"Invalid value for attribute 'cpus' in element 'cell': '{ca.Value}'.");
                if (set.Count == 0) throw v.Error(ca, "DC0119", $"NUMA cell {id} has no vCPUs assigned");
                // Ids are at most MaxCpuId, so more ids than that in all cells means some overlap: refuse now,
                // before thousands of cells of thousands of ids cost seconds to expand and compare.
                totalCpus += set.Count;
                if (totalCpus > CpuSet.MaxCpuId + 1)
                {
                    throw v.Error(ca, "DC0119", $"NUMA cells list more than {CpuSet.MaxCpuId + 1} vCPU ids in all, so some overlap");
                }
                cpus = CpuSet.Format(set);
            }
            var memAttr = e.Attribute("memory") ?? throw v.Error(e, "DC0119", "Missing required attribute 'memory' in element 'cell'");
            var memory = ScaledKiB(memAttr, XmlValues.Attr(e, "unit"), v);
            var memAccess = XmlValues.Attr(e, "memAccess");
            if (memAccess is not null and not ("shared" or "private"))
            {
                throw v.Error(e.Attribute("memAccess"), "DC0119", $"Invalid value for attribute 'memAccess' in element 'cell': '{memAccess}'.");
            }
            var discard = XmlValues.Attr(e, "discard");
            if (discard is not null and not ("yes" or "no"))
            {
                throw v.Error(e.Attribute("discard"), "DC0119", $"Invalid value for attribute 'discard' in element 'cell': '{discard}'.");
            }
            cells[id] = new NumaCell(id, cpus, memory, memAccess, discard,
                ReadDistances(e, id, n, v), ReadCaches(e, v));
            elementOf[id] = e;
        }
        var result = cells.Select(c => c!).ToArray();
        CheckOverlap(result, elementOf, v);
        result = FillDistances(result);
        return new NumaTopology(result.ToImmutableArray(), ReadInterconnects(numa, result, v));
    }

    private const uint LocalDistance = 10;

    private static ImmutableArray<NumaDistance> ReadDistances(XElement cell, uint cellId, int ncells, XmlValues v)
    {
        var d = cell.Element("distances");
        if (d is null) return ImmutableArray<NumaDistance>.Empty;
        var siblings = d.Elements("sibling").ToList();
        if (siblings.Count == 0) throw v.Error(d, "DC0119", "NUMA distances defined without siblings");
        var list = new List<NumaDistance>();
        foreach (var s in siblings)
        {
            var id = v.UInt(s, "id", "DC0119", required: true)!.Value;
            if (id >= ncells) throw v.Error(s, "DC0119", $"'sibling_id {id}' does not refer to a valid cell within NUMA 'cell id {cellId}'");
            var value = v.UInt(s, "value", "DC0119", required: true)!.Value;
            if (value is < LocalDistance or > 255) throw v.Error(s, "DC0119", $"'value {value}' is invalid for 'sibling id {id}': must be in range [10,255]");
            if (id == cellId && value != LocalDistance)
            {
                throw v.Error(s, "DC0119", $"'value {value}' is invalid for 'sibling id {id}': the distance of a cell to itself must be {LocalDistance}");
            }
            if (id != cellId && value == LocalDistance)
            {
                throw v.Error(s, "DC0119", $"'value {value}' is invalid for 'sibling id {id}': a distance to another cell must be more than {LocalDistance}");
            }
            list.Add(new NumaDistance(id, value));
        }
        return list.ToImmutableArray();
    }

    private static ImmutableArray<NumaCache> ReadCaches(XElement cell, XmlValues v)
    {
        var list = new List<NumaCache>();
        foreach (var c in cell.Elements("cache"))
        {
            var level = v.UInt(c, "level", "DC0119", required: true)!.Value;
            if (level > 3) throw v.Error(c, "DC0119", "'level' must be in range [1,3]");
            if (list.Any(x => x.Level == level)) throw v.Error(c, "DC0119", $"Duplicate cache level '{level}' for NUMA node");
            var assoc = XmlValues.Attr(c, "associativity") ?? throw v.Error(c, "DC0119", "Missing required attribute 'associativity' in element 'cache'");
            var policy = XmlValues.Attr(c, "policy") ?? throw v.Error(c, "DC0119", "Missing required attribute 'policy' in element 'cache'");
            if (assoc is not ("none" or "direct" or "full"))
            {
                throw v.Error(c.Attribute("associativity"), "DC0119", $"Invalid value for attribute 'associativity' in element 'cache': '{assoc}'.");
            }
            if (policy is not ("none" or "writeback" or "writethrough"))
            {
                throw v.Error(c.Attribute("policy"), "DC0119", $"Invalid value for attribute 'policy' in element 'cache': '{policy}'.");
            }
            var size = c.Element("size") ?? throw v.Error(c, "DC0119", "missing cache size");
            var line = c.Element("line") ?? throw v.Error(c, "DC0119", "missing cache line size");
            // libvirt 9.0 never finds the unit of a cache's size or line (it looks for a child element, not the
            // attribute), so the value is always taken as KiB for the size and bytes for the line [observed].
            var sizeKiB = v.ParseULong(size.Attribute("value") ?? throw v.Error(size, "DC0119", "Missing required attribute 'value' in element 'size'"), "DC0119", ulong.MaxValue / 1024);
            var lineB = v.ParseULong(line.Attribute("value") ?? throw v.Error(line, "DC0119", "Missing required attribute 'value' in element 'line'"), "DC0119", ulong.MaxValue);
            list.Add(new NumaCache(level, assoc, policy, sizeKiB, lineB));
        }
        return list.ToImmutableArray();
    }

    private static ImmutableArray<NumaInterconnect> ReadInterconnects(XElement numa, NumaCell[] cells, XmlValues v)
    {
        var ic = numa.Element("interconnects");
        if (ic is null) return ImmutableArray<NumaInterconnect>.Empty;
        var list = new List<NumaInterconnect>();
        foreach (var e in ic.Elements())
        {
            var kind = e.Name.LocalName;
            if (kind is not ("latency" or "bandwidth")) continue;
            var initiator = v.UInt(e, "initiator", "DC0119", required: true)!.Value;
            var target = v.UInt(e, "target", "DC0119", required: true)!.Value;
            if (initiator >= cells.Length) throw v.Error(e, "DC0119", $"'initiator' refers to a non-existent NUMA node {initiator}");
            if (target >= cells.Length) throw v.Error(e, "DC0119", $"'target' refers to a non-existent NUMA node {target}");
            if (cells[initiator].Cpus is null) throw v.Error(e, "DC0119", $"NUMA nodes without CPUs can't be initiator. {initiator} is no such node");
            var cache = v.UInt(e, "cache", "DC0119");
            if (cache == 0) cache = null;
            if (cache is not null && cells[target].Caches.All(c => c.Level != cache))
            {
                throw v.Error(e, "DC0119", $"'cache' refers to a non-existent NUMA node cache {cache}");
            }
            var type = XmlValues.Attr(e, "type") ?? throw v.Error(e, "DC0119", $"Missing required attribute 'type' in element '{kind}'");
            if (type is not ("access" or "read" or "write"))
            {
                throw v.Error(e.Attribute("type"), "DC0119", $"Invalid value for attribute 'type' in element '{kind}': '{type}'.");
            }
            var valueAttr = e.Attribute("value") ?? throw v.Error(e, "DC0119", $"Missing required attribute 'value' in element '{kind}'");
            var value = kind == "bandwidth"
                ? ScaledKiB(valueAttr, XmlValues.Attr(e, "unit"), v)
                : v.ParseULong(valueAttr, "DC0119", ulong.MaxValue);
            var item = new NumaInterconnect(kind, initiator, target, cache, type, value);
            if (list.Any(x => x.Kind == kind && x.Initiator == initiator && x.Target == target && x.Cache == cache && x.Type == type))
            {
                throw v.Error(e, "DC0119", $"Duplicate info for NUMA latencies");
            }
            if (initiator != target && list.Any(x => x.Initiator == target && x.Target == initiator))
            {
                throw v.Error(e, "DC0119", $"Link already defined: NUMA nodes {target} and {initiator} are already linked the other way round");
            }
            list.Add(item);
        }
        return list.ToImmutableArray();
    }

    private static void CheckOverlap(NumaCell[] cells, XElement[] elementOf, XmlValues v)
    {
        var owner = new Dictionary<int, int>();
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i].Cpus is null) continue;
            foreach (var cpu in CpuSet.Parse(cells[i].Cpus!)!)
            {
                if (owner.TryGetValue(cpu, out var j))
                {
                    throw v.Error(elementOf[i], "DC0119", $"NUMA cells {j} and {i} have overlapping vCPU ids");
                }
                owner[cpu] = i;
            }
        }
    }

    /// <summary>Missing reverse distances are filled symmetrically (an explicit value always wins), and every
    /// cell that takes part in a distance, on either side, gets its self distance 10.</summary>
    private static NumaCell[] FillDistances(NumaCell[] cells)
    {
        if (cells.All(c => c.Distances.IsEmpty)) return cells;
        var n = cells.Length;
        var m = new uint[n, n];
        for (var i = 0; i < n; i++)
        {
            foreach (var d in cells[i].Distances) m[i, d.Id] = d.Value;
        }
        for (var i = 0; i < n; i++)
        {
            foreach (var d in cells[i].Distances)
            {
                var j = (int)d.Id;
                if (m[j, i] == 0) m[j, i] = d.Value;
                if (m[i, i] == 0) m[i, i] = LocalDistance;
                if (m[j, j] == 0) m[j, j] = LocalDistance;
            }
        }
        return cells.Select((c, i) =>
        {
            var list = new List<NumaDistance>();
            for (var j = 0; j < n; j++)
            {
                if (m[i, j] != 0) list.Add(new NumaDistance((uint)j, m[i, j]));
            }
            return c with { Distances = list.ToImmutableArray() };
        }).ToArray();
    }

    private static ulong ScaledKiB(XAttribute value, string? unit, XmlValues v)
    {
        var bytes = ScaledBytes(value, unit ?? "KiB", v);
        return bytes / 1024 + (bytes % 1024 == 0 ? 0UL : 1UL);
    }

    private static ulong ScaledBytes(XAttribute value, string? unit, XmlValues v)
    {
        var n = v.ParseULong(value, "DC0119", ulong.MaxValue);
        ulong scale = (unit ?? "b").ToLowerInvariant() switch
        {
            "b" or "byte" or "bytes" => 1,
            "k" or "kib" => 1UL << 10,
            "kb" => 1000,
            "m" or "mib" => 1UL << 20,
            "mb" => 1000_000,
            "g" or "gib" => 1UL << 30,
            "gb" => 1000_000_000,
            "t" or "tib" => 1UL << 40,
            "tb" => 1000_000_000_000,
            "p" or "pib" => 1UL << 50,
            "pb" => 1000_000_000_000_000,
            "e" or "eib" => 1UL << 60,
            "eb" => 1000_000_000_000_000_000,
            _ => throw v.Error(value.Parent, "DC0119", $"unknown suffix '{unit}'"),
        };
        if (n != 0 && scale > ulong.MaxValue / n) throw v.Error(value, "DC0119", $"value '{value.Value}' {unit} is too large");
        return n * scale;
    }
}

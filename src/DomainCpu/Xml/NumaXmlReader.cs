using System.Collections.Immutable;
using System.Xml.Linq;
using DomainCpu.Model;
using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>Reads <c>&lt;cpu&gt;&lt;numa&gt;</c> as libvirt's NUMA parser does (SPEC §1.7).</summary>
internal static class NumaXmlReader
{
    public static NumaTopology Read(XElement numa, XmlValues v, InputLimits limits)
    {
        var cellEls = numa.Elements("cell").ToList();
        if (cellEls.Count == 0) throw v.Error(numa, Diagnoses.NumaRefused("NUMA topology defined without NUMA cells"));
        if (cellEls.Count > limits.MaxNumaCells)
        {
            throw v.Error(cellEls[limits.MaxNumaCells], Diagnoses.TooManyNumaCells(limits.MaxNumaCells));
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
                id = (uint)v.ParseULong(ida, DiagnosticCatalogue.NumaInvalid, uint.MaxValue);
                if (id >= n)
                {
                    throw v.Error(ida, Diagnoses.NumaRefused("Exactly one 'cell' element per guest NUMA cell allowed, non-contiguous ranges or ranges not starting from 0 are not allowed"));
                }
            }
            if (cells[id] is not null) throw v.Error(e, Diagnoses.NumaRefused($"Duplicate NUMA cell info for cell id '{id}'"));
            string? cpus = null;
            if (e.Attribute("cpus") is { } ca)
            {
                var set = CpuSet.Parse(ca.Value) ?? throw v.Error(ca, Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.NumaInvalid, "cpus", "cell", ca.Value));
                if (set.Count == 0) throw v.Error(ca, Diagnoses.NumaRefused($"NUMA cell {id} has no vCPUs assigned"));
                // Ids are at most MaxCpuId, so more ids than that in all cells means some overlap: refuse now,
                // before thousands of cells of thousands of ids cost seconds to expand and compare.
                totalCpus += set.Count;
                if (totalCpus > CpuSet.MaxCpuId + 1)
                {
                    throw v.Error(ca, Diagnoses.NumaRefused($"NUMA cells list more than {CpuSet.MaxCpuId + 1} vCPU ids in all, so some overlap"));
                }
                cpus = CpuSet.Format(set);
            }
            var memAttr = e.Attribute("memory") ?? throw v.Error(e, Diagnoses.MissingAttribute(DiagnosticCatalogue.NumaInvalid, "memory", "cell"));
            var memory = ScaledKiB(memAttr, XmlValues.Attr(e, "unit"), v);
            var memAccess = XmlValues.Attr(e, "memAccess");
            if (memAccess is not null and not ("shared" or "private"))
            {
                throw v.Error(e.Attribute("memAccess"), Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.NumaInvalid, "memAccess", "cell", memAccess));
            }
            var discard = XmlValues.Attr(e, "discard");
            if (discard is not null and not ("yes" or "no"))
            {
                throw v.Error(e.Attribute("discard"), Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.NumaInvalid, "discard", "cell", discard));
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
        if (siblings.Count == 0) throw v.Error(d, Diagnoses.NumaRefused("NUMA distances defined without siblings"));
        var list = new List<NumaDistance>();
        foreach (var s in siblings)
        {
            var id = v.UInt(s, "id", DiagnosticCatalogue.NumaInvalid, required: true)!.Value;
            if (id >= ncells) throw v.Error(s, Diagnoses.NumaRefused($"'sibling_id {id}' does not refer to a valid cell within NUMA 'cell id {cellId}'"));
            var value = v.UInt(s, "value", DiagnosticCatalogue.NumaInvalid, required: true)!.Value;
            if (value is < LocalDistance or > 255) throw v.Error(s, Diagnoses.NumaRefused($"'value {value}' is invalid for 'sibling id {id}': must be in range [10,255]"));
            if (id == cellId && value != LocalDistance)
            {
                throw v.Error(s, Diagnoses.NumaRefused($"'value {value}' is invalid for 'sibling id {id}': the distance of a cell to itself must be {LocalDistance}"));
            }
            if (id != cellId && value == LocalDistance)
            {
                throw v.Error(s, Diagnoses.NumaRefused($"'value {value}' is invalid for 'sibling id {id}': a distance to another cell must be more than {LocalDistance}"));
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
            var level = v.UInt(c, "level", DiagnosticCatalogue.NumaInvalid, required: true)!.Value;
            if (level > 3) throw v.Error(c, Diagnoses.NumaRefused("'level' must be in range [1,3]"));
            if (list.Any(x => x.Level == level)) throw v.Error(c, Diagnoses.NumaRefused($"Duplicate cache level '{level}' for NUMA node"));
            var assoc = XmlValues.Attr(c, "associativity") ?? throw v.Error(c, Diagnoses.MissingAttribute(DiagnosticCatalogue.NumaInvalid, "associativity", "cache"));
            var policy = XmlValues.Attr(c, "policy") ?? throw v.Error(c, Diagnoses.MissingAttribute(DiagnosticCatalogue.NumaInvalid, "policy", "cache"));
            if (assoc is not ("none" or "direct" or "full"))
            {
                throw v.Error(c.Attribute("associativity"), Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.NumaInvalid, "associativity", "cache", assoc));
            }
            if (policy is not ("none" or "writeback" or "writethrough"))
            {
                throw v.Error(c.Attribute("policy"), Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.NumaInvalid, "policy", "cache", policy));
            }
            var size = c.Element("size") ?? throw v.Error(c, Diagnoses.NumaRefused("missing cache size"));
            var line = c.Element("line") ?? throw v.Error(c, Diagnoses.NumaRefused("missing cache line size"));
            // libvirt 9.0 never finds the unit of a cache's size or line (it looks for a child element, not the
            // attribute), so the value is always taken as KiB for the size and bytes for the line [observed].
            var sizeKiB = v.ParseULong(size.Attribute("value") ?? throw v.Error(size, Diagnoses.MissingAttribute(DiagnosticCatalogue.NumaInvalid, "value", "size")), DiagnosticCatalogue.NumaInvalid, ulong.MaxValue / 1024);
            var lineB = v.ParseULong(line.Attribute("value") ?? throw v.Error(line, Diagnoses.MissingAttribute(DiagnosticCatalogue.NumaInvalid, "value", "line")), DiagnosticCatalogue.NumaInvalid, ulong.MaxValue);
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
            var initiator = v.UInt(e, "initiator", DiagnosticCatalogue.NumaInvalid, required: true)!.Value;
            var target = v.UInt(e, "target", DiagnosticCatalogue.NumaInvalid, required: true)!.Value;
            if (initiator >= cells.Length) throw v.Error(e, Diagnoses.NumaRefused($"'initiator' refers to a non-existent NUMA node {initiator}"));
            if (target >= cells.Length) throw v.Error(e, Diagnoses.NumaRefused($"'target' refers to a non-existent NUMA node {target}"));
            if (cells[initiator].Cpus is null) throw v.Error(e, Diagnoses.NumaRefused($"NUMA nodes without CPUs can't be initiator. {initiator} is no such node"));
            var cache = v.UInt(e, "cache", DiagnosticCatalogue.NumaInvalid);
            if (cache == 0) cache = null;
            if (cache is not null && cells[target].Caches.All(c => c.Level != cache))
            {
                throw v.Error(e, Diagnoses.NumaRefused($"'cache' refers to a non-existent NUMA node cache {cache}"));
            }
            var type = XmlValues.Attr(e, "type") ?? throw v.Error(e, Diagnoses.MissingAttribute(DiagnosticCatalogue.NumaInvalid, "type", kind));
            if (type is not ("access" or "read" or "write"))
            {
                throw v.Error(e.Attribute("type"), Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.NumaInvalid, "type", kind, type));
            }
            var valueAttr = e.Attribute("value") ?? throw v.Error(e, Diagnoses.MissingAttribute(DiagnosticCatalogue.NumaInvalid, "value", kind));
            var value = kind == "bandwidth"
                ? ScaledKiB(valueAttr, XmlValues.Attr(e, "unit"), v)
                : v.ParseULong(valueAttr, DiagnosticCatalogue.NumaInvalid, ulong.MaxValue);
            var item = new NumaInterconnect(kind, initiator, target, cache, type, value);
            if (list.Any(x => x.Kind == kind && x.Initiator == initiator && x.Target == target && x.Cache == cache && x.Type == type))
            {
                throw v.Error(e, Diagnoses.NumaRefused($"Duplicate info for NUMA latencies"));
            }
            if (initiator != target && list.Any(x => x.Initiator == target && x.Target == initiator))
            {
                throw v.Error(e, Diagnoses.NumaRefused($"Link already defined: NUMA nodes {target} and {initiator} are already linked the other way round"));
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
                    throw v.Error(elementOf[i], Diagnoses.NumaRefused($"NUMA cells {j} and {i} have overlapping vCPU ids"));
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
        var n = v.ParseULong(value, DiagnosticCatalogue.NumaInvalid, ulong.MaxValue);
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
            _ => throw v.Error(value.Parent, Diagnoses.NumaRefused($"unknown suffix '{unit}'")),
        };
        if (n != 0 && scale > ulong.MaxValue / n) throw v.Error(value, Diagnoses.NumaRefused($"value '{value.Value}' {unit} is too large"));
        return n * scale;
    }
}

using System.Xml.Linq;
using DomainCpu.Model;
using DomainCpu.Targets;
using static DomainCpu.Schema.XmlChecks;
using DomainCpu.Diagnostics;

namespace DomainCpu.Schema;

/// <summary>The semantic NUMA rules (SPEC §1.7): cell ids, overlapping vCPUs, distances, caches,
/// interconnect references, and the cells' vCPUs against the domain's count and topology.</summary>
internal static class NumaRules
{
    public static void Check(XElement cpu, DomainFacts d, LibvirtProfile libvirt, Findings f)
    {
        if (cpu.Element("numa") is not { } numa) return;
        var cells = numa.Elements("cell").ToList();
        var n = cells.Count;
        var ids = new Dictionary<ulong, XElement>();
        var owner = new Dictionary<int, int>();
        var cpusOf = new Dictionary<ulong, SortedSet<int>>();
        var cacheLevels = new Dictionary<ulong, HashSet<ulong>>();
        var totalCpus = 0;
        var maxCpuId = -1;
        for (var i = 0; i < n; i++)
        {
            var cell = cells[i];
            ulong id = (ulong)i;
            if (cell.Attribute("id") is { } ida)
            {
                if (Number(ida.Value) is not { } v) continue;
                if (v >= (ulong)n)
                {
                    f.Add(ida, Diagnoses.NumaCellsInconsistent($"cell id {v} is not below the number of cells ({n}): ids must run from 0 without gaps"));
                    continue;
                }
                id = v;
            }
            if (!ids.TryAdd(id, cell))
            {
                f.Add(cell, Diagnoses.NumaCellsInconsistent($"more than one <cell> has id {id}"));
                continue;
            }
            if (cell.Attribute("cpus") is { } ca && CpuSet.Parse(ca.Value.Trim()) is { } set)
            {
                cpusOf[id] = set;
                totalCpus += set.Count;
                if (set.Count > 0) maxCpuId = Math.Max(maxCpuId, set.Max);
                foreach (var c in set)
                {
                    if (owner.TryGetValue(c, out var other))
                    {
                        f.Add(ca, Diagnoses.NumaCellsInconsistent($"NUMA cells {other} and {id} both have vCPU {c}"));
                        break;
                    }
                    owner[c] = (int)id;
                }
            }
            var levels = cacheLevels[id] = [];
            foreach (var cache in cell.Elements("cache"))
            {
                if (cache.Attribute("level") is not { } la || Number(la.Value) is not { } level) continue;
                if (level is < 1 or > 3) f.Add(la, Diagnoses.NumaCellsInconsistent($"NUMA cache level {level} is not 1, 2 or 3"));
                else if (!levels.Add(level)) f.Add(cache, Diagnoses.NumaCellsInconsistent($"cell {id} has more than one cache of level {level}"));
            }
            foreach (var s in cell.Elements("distances").Elements("sibling"))
            {
                if (s.Attribute("id") is not { } sa || Number(sa.Value) is not { } sid) continue;
                if (sid >= (ulong)n) f.Add(sa, Diagnoses.NumaCellsInconsistent($"sibling id {sid} does not name a cell"));
                else if (s.Attribute("value") is { } va && Number(va.Value) is { } dist)
                {
                    if (sid == id && dist != 10) f.Add(va, Diagnoses.NumaCellsInconsistent($"the distance of cell {id} to itself must be 10, not {dist}"));
                    if (sid != id && dist == 10) f.Add(va, Diagnoses.NumaCellsInconsistent($"the distance from cell {id} to cell {sid} must not be 10 (10 means local)"));
                }
            }
        }
        Interconnects(numa, n, cpusOf, cacheLevels, f);
        if (d.MaxVcpus is { } max)
        {
            if ((ulong)totalCpus > max) f.Add(numa, Diagnoses.NumaCellsInconsistent($"the NUMA cells have {totalCpus} vCPUs, more than <vcpu> ({max})"));
            else if (maxCpuId >= 0 && (ulong)maxCpuId >= max) f.Add(numa, Diagnoses.NumaCellsInconsistent($"the NUMA cells use vCPU id {maxCpuId}, but <vcpu> is {max}"));
        }
        if (cpu.Element("topology") is { } t && SemanticRules.TopologyProduct(t, libvirt) is { } product && totalCpus > 0 && (ulong)totalCpus != product)
        {
            f.Add(numa, Diagnoses.NumaCountDiffersFromTopology(totalCpus, product));
        }
    }

    private static void Interconnects(XElement numa, int n, Dictionary<ulong, SortedSet<int>> cpusOf,
        Dictionary<ulong, HashSet<ulong>> cacheLevels, Findings f)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in numa.Elements("interconnects").Elements().Where(e => e.Name.LocalName is "latency" or "bandwidth"))
        {
            var init = e.Attribute("initiator") is { } ia ? Number(ia.Value) : null;
            var target = e.Attribute("target") is { } ta ? Number(ta.Value) : null;
            if (init is null || target is null) continue;
            if (init >= (ulong)n) { f.Add(e, Diagnoses.NumaCellsInconsistent($"initiator {init} is not a NUMA cell")); continue; }
            if (target >= (ulong)n) { f.Add(e, Diagnoses.NumaCellsInconsistent($"target {target} is not a NUMA cell")); continue; }
            if (!cpusOf.TryGetValue(init.Value, out var set) || set.Count == 0)
            {
                f.Add(e, Diagnoses.NumaCellsInconsistent($"NUMA cell {init} has no vCPUs and cannot be an initiator"));
            }
            var cache = e.Attribute("cache") is { } c ? Number(c.Value) : null;
            if (cache is not null && !(cacheLevels.TryGetValue(target.Value, out var levels) && levels.Contains(cache.Value)))
            {
                f.Add(e, Diagnoses.NumaCellsInconsistent($"cell {target} has no cache of level {cache}"));
            }
            var key = $"{e.Name.LocalName}/{init}/{target}/{cache}/{e.Attribute("type")?.Value}";
            if (!seen.Add(key)) f.Add(e, Diagnoses.NumaCellsInconsistent($"this {e.Name.LocalName} between cells {init} and {target} is given twice"));
        }
    }
}

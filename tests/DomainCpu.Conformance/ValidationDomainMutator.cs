using System.Xml.Linq;

namespace DomainCpu.Conformance;

/// <summary>Seeded mutations of the domain around its <c>&lt;cpu&gt;</c>, where the releases differ or libvirt's
/// domain schema is closed: CPU parts moved up to <c>&lt;domain&gt;</c>, children renamed, <c>&lt;numatune&gt;</c>
/// shapes, children only newer releases have, the attributes later releases added to the CPU, and the
/// architecture loongarch64. The rest goes to <see cref="CpuMutator"/>. Returns what it did, for the report.</summary>
internal static class DomainMutator
{
    /// <summary>Names whose content DomainCpu checks, or that libvirt's domain does not have: a child renamed to one
    /// whose content is open (cputune, hwuuid) would be judged by what DomainCpu does not look at.</summary>
    private static readonly string[] RenameTo =
        ["topology", "model", "numa", "feature", "vendor", "numatune", "vcpus", "vcpu", "cpu", "bogus", "maxphysaddr"];
    private static readonly string[] MemoryModes = ["strict", "preferred", "interleave", "restrictive", "spread"];
    private static readonly string[] Placements = ["static", "auto", "dynamic"];
    private static readonly string[] NodeSets = ["0", "0-1", "1,^0", "", "x"];

    public static string Mutate(XElement domain, Random rng)
    {
        var cpu = domain.Element("cpu");
        switch (rng.Next(10))
        {
            case 0 when cpu is not null && cpu.HasElements:
            {
                var e = cpu.Descendants().ElementAt(rng.Next(cpu.Descendants().Count()));
                e.Remove();
                domain.Add(e);
                return $"move {e.Name.LocalName} up to <domain>";
            }
            case 1:
            {
                // Not <name>, <memory> or <os>: libvirt requires them and DomainCpu does not check for them.
                var candidates = domain.Elements().Where(e => e.Name.LocalName is "vcpu" or "vcpus" or "cpu" or "numatune").ToList();
                if (candidates.Count == 0) return "no change";
                var e = candidates[rng.Next(candidates.Count)];
                var from = e.Name.LocalName;
                e.Name = RenameTo[rng.Next(RenameTo.Length)];
                return $"rename domain child {from} to {e.Name.LocalName}";
            }
            case 2:
            case 3:
                domain.Add(Numatune(rng));
                return $"add {domain.Elements("numatune").Last().ToString(SaveOptions.DisableFormatting)}";
            case 4:
            {
                XElement child = rng.Next(3) switch
                {
                    0 => new XElement("hwuuid", "8c4b5e2a-0c1f-4d8e-9a7b-3e6f1d2c4b5a"),
                    1 => new XElement("iommufd", new XAttribute("enabled", "yes")),
                    _ => new XElement("throttlegroups"),
                };
                domain.Add(child);
                return $"add <{child.Name.LocalName}>";
            }
            case 5 when cpu is not null:
            {
                var value = new[] { "on", "off", "no" }[rng.Next(3)];
                cpu.SetAttributeValue("deprecated_features", value);
                return $"set cpu/@deprecated_features to '{value}'";
            }
            case 6 when cpu is not null:
            {
                var topology = cpu.Element("topology");
                if (topology is null) cpu.Add(topology = new XElement("topology", new XAttribute("sockets", "1"), new XAttribute("cores", "2"), new XAttribute("threads", "1")));
                var value = new[] { "1", "2", "0", "x" }[rng.Next(4)];
                topology.SetAttributeValue("clusters", value);
                return $"set topology/@clusters to '{value}'";
            }
            case 7 when cpu is not null:
            {
                var mpa = cpu.Element("maxphysaddr");
                if (mpa is null) cpu.Add(mpa = new XElement("maxphysaddr", new XAttribute("mode", rng.Next(2) == 0 ? "passthrough" : "emulate")));
                var value = new[] { "39", "0", "x" }[rng.Next(3)];
                mpa.SetAttributeValue("limit", value);
                return $"set maxphysaddr/@limit to '{value}' (mode {mpa.Attribute("mode")?.Value})";
            }
            case 8 when domain.Element("os")?.Element("type") is { } type:
                type.SetAttributeValue("arch", "loongarch64");
                return "set os/type/@arch to 'loongarch64'";
            default:
                if (cpu is null) return "no change";
                return CpuMutator.Mutate(cpu, rng);
        }
    }

    private static XElement Numatune(Random rng)
    {
        var numatune = new XElement("numatune");
        for (var i = rng.Next(3); i > 0; i--)
        {
            var memory = new XElement("memory");
            if (rng.Next(3) > 0) memory.SetAttributeValue("mode", MemoryModes[rng.Next(MemoryModes.Length)]);
            if (rng.Next(2) == 0) memory.SetAttributeValue("placement", Placements[rng.Next(Placements.Length)]);
            if (rng.Next(2) == 0) memory.SetAttributeValue("nodeset", NodeSets[rng.Next(NodeSets.Length)]);
            numatune.Add(memory);
        }
        for (var i = rng.Next(3); i > 0; i--)
        {
            var memnode = new XElement("memnode");
            if (rng.Next(5) > 0) memnode.SetAttributeValue("cellid", rng.Next(3) == 0 ? "x" : "0");
            if (rng.Next(5) > 0) memnode.SetAttributeValue("mode", MemoryModes[rng.Next(MemoryModes.Length)]);
            if (rng.Next(5) > 0) memnode.SetAttributeValue("nodeset", NodeSets[rng.Next(NodeSets.Length)]);
            numatune.Add(memnode);
        }
        return numatune;
    }
}

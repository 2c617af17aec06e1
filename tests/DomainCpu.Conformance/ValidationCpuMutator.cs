using System.Xml.Linq;

namespace DomainCpu.Conformance;

/// <summary>Seeded mutations of a <c>&lt;cpu&gt;</c> element: drop, duplicate, rename and reorder elements and
/// attributes, and out-of-range or malformed values. Returns what it did, for the report.</summary>
internal static class CpuMutator
{
    private static readonly string[] ElementNames =
        ["model", "vendor", "topology", "feature", "cache", "numa", "maxphysaddr", "arch", "cell", "flags", "microcode"];
    private static readonly string[] AttributeNames =
        ["mode", "match", "check", "migratable", "policy", "name", "level", "sockets", "dies", "cores", "threads",
         "bits", "fallback", "vendor_id", "id", "cpus", "memory", "unit", "clusters"];
    private static readonly string[] Values =
        ["0", "1", "3", "4", "-1", "", "abc", " 2 ", "+2", "4294967296", "99999999999999999999", "on", "yes", "forbid",
         "emulate", "passthrough", "disable", "host-passthrough", "custom", "minimum", "full", "default", "require",
         "0-3", "0-", "1,^1", "GenuineIntel", "Genuine,ntel", "a b", "sse4.2", "KiB", "MiBs"];

    public static string Mutate(XElement cpu, Random rng)
    {
        var elements = cpu.DescendantsAndSelf().ToList();
        var withAttrs = elements.Where(e => e.HasAttributes).ToList();
        switch (rng.Next(8))
        {
            case 0 when elements.Count > 1:
            {
                var e = elements[1 + rng.Next(elements.Count - 1)];
                e.Remove();
                return $"drop element {e.Name.LocalName}";
            }
            case 1 when elements.Count > 1:
            {
                var e = elements[1 + rng.Next(elements.Count - 1)];
                e.AddAfterSelf(new XElement(e));
                return $"duplicate element {e.Name.LocalName}";
            }
            case 2 when elements.Count > 1:
            {
                // Not the <cpu> itself: renamed, it is no longer a CPU but an unknown domain child (open content).
                var e = elements[1 + rng.Next(elements.Count - 1)];
                var to = ElementNames[rng.Next(ElementNames.Length)];
                var from = e.Name.LocalName;
                e.Name = to;
                return $"rename element {from} to {to}";
            }
            case 3:
            {
                var parent = elements[rng.Next(elements.Count)];
                var children = parent.Elements().ToList();
                foreach (var c in children) c.Remove();
                foreach (var c in children.OrderBy(_ => rng.Next())) parent.Add(c);
                return $"reorder children of {parent.Name.LocalName}";
            }
            case 4 when withAttrs.Count > 0:
            {
                var e = withAttrs[rng.Next(withAttrs.Count)];
                var a = e.Attributes().ElementAt(rng.Next(e.Attributes().Count()));
                a.Remove();
                return $"drop attribute {a.Name.LocalName} of {e.Name.LocalName}";
            }
            case 5 when withAttrs.Count > 0:
            {
                var e = withAttrs[rng.Next(withAttrs.Count)];
                var a = e.Attributes().ElementAt(rng.Next(e.Attributes().Count()));
                var to = AttributeNames[rng.Next(AttributeNames.Length)];
                if (e.Attribute(to) is not null) return "no change";
                a.Remove();
                e.Add(new XAttribute(to, a.Value));
                var legacy = e.Name == "feature" && to is "mode" or "value" ? " (legacy feature form)" : "";
                return $"rename attribute {a.Name.LocalName} of {e.Name.LocalName} to {to}{legacy}";
            }
            case 6:
            {
                var e = elements[rng.Next(elements.Count)];
                var name = AttributeNames[rng.Next(AttributeNames.Length)];
                var value = Values[rng.Next(Values.Length)];
                e.SetAttributeValue(name, value);
                var legacy = e.Name == "feature" && name is "mode" or "value" ? " (legacy feature form)" : "";
                return $"set {e.Name.LocalName}/@{name} to '{value}'{legacy}";
            }
            default:
            {
                var e = elements[rng.Next(elements.Count)];
                var value = Values[rng.Next(Values.Length)];
                if (e.HasElements) e.Add(new XText(value));
                else e.Value = value;
                return $"set text of {e.Name.LocalName} to '{value}'";
            }
        }
    }
}

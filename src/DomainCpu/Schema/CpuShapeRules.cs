using System.Xml.Linq;
using static DomainCpu.Schema.XmlChecks;

namespace DomainCpu.Schema;

/// <summary>
/// The <c>schema</c>-category rules of a <c>&lt;cpu&gt;</c>: what libvirt's RELAX NG decides, said with a specific
/// rule id, plus the "at most once" counts the XSD cannot express.
/// </summary>
internal static class CpuShapeRules
{
    private static readonly string[] HostOnlyChildren = ["arch", "features", "microcode", "signature", "counter", "pages"];
    private static readonly string[] GuestAttributes = ["mode", "match", "check", "migratable", "deprecated_features"];

    /// <summary>A guest CPU (a domain's, or a standalone one without &lt;arch&gt;).</summary>
    public static void Guest(XElement cpu, Findings f)
    {
        Enum(cpu, "mode", "DC0103", f, "custom", "host-model", "host-passthrough", "maximum");
        Enum(cpu, "match", "DC0105", f, "minimum", "exact", "strict");
        Enum(cpu, "check", "DC0105", f, "none", "partial", "full");
        Enum(cpu, "migratable", "DC0105", f, "on", "off");
        Enum(cpu, "deprecated_features", "DC0105", f, "on", "off");
        AtMostOnce(cpu, f, "model", "vendor", "topology", "numa", "maxphysaddr");
        AtMostOnce(cpu, "cache", f, "DC0115");
        foreach (var m in cpu.Elements("model")) GuestModel(m, f);
        foreach (var t in cpu.Elements("topology")) Topology(t, f);
        foreach (var c in cpu.Elements("cache")) Cache(c, f);
        foreach (var m in cpu.Elements("maxphysaddr")) MaxPhysAddr(m, f);
        foreach (var fe in cpu.Elements("feature")) GuestFeature(fe, f);
        foreach (var n in cpu.Elements("numa")) Numa(n, f);
    }

    /// <summary>A standalone guest CPU must not carry host-only children.</summary>
    public static void StandaloneGuest(XElement cpu, Findings f)
    {
        Guest(cpu, f);
        foreach (var e in cpu.Elements().Where(e => HostOnlyChildren.Contains(e.Name.LocalName) && e.Name.Namespace == XNamespace.None))
        {
            f.Add(e, "DC0127", $"<{e.Name.LocalName}> belongs to a host CPU, but this CPU has no <arch>, so it is a guest CPU");
        }
    }

    /// <summary>A host CPU (capabilities' <c>&lt;host&gt;&lt;cpu&gt;</c>, or a standalone one with &lt;arch&gt;).</summary>
    public static void Host(XElement cpu, Findings f, bool standalone)
    {
        var arches = cpu.Elements("arch").ToList();
        if (arches.Count == 0) f.Add(cpu, "DC0118", "a host CPU needs an <arch> element");
        foreach (var a in arches)
        {
            if (!ArchNames.Contains(a.Value.Trim())) f.Add(a, "DC0118", $"unknown architecture '{a.Value}'");
        }
        AtMostOnce(cpu, f, "arch", "features", "model", "vendor", "microcode", "signature", "counter", "topology", "maxphysaddr");
        foreach (var fl in cpu.Elements("features")) AtMostOnce(fl, f, "pae", "nonpae", "vmx", "svm");
        foreach (var t in cpu.Elements("topology")) Topology(t, f);
        foreach (var m in cpu.Elements("maxphysaddr")) MaxPhysAddr(m, f);
        foreach (var fe in cpu.Elements("feature"))
        {
            var name = fe.Attribute("name");
            if (name is null || !IsFeatureName(name.Value.Trim()))
            {
                f.Add((XObject?)name ?? fe, "DC0113", name is null
                    ? "<feature> needs a name"
                    : $"'{name.Value}' is not a valid feature name (letters, digits, '-', '_' and '.')");
            }
        }
        if (!standalone) return;
        foreach (var a in GuestAttributes)
        {
            if (cpu.Attribute(a) is { } attr) f.Add(attr, "DC0102", $"attribute {a} is only allowed for a guest CPU, and this CPU has <arch>");
        }
        foreach (var e in cpu.Elements().Where(e => e.Name.LocalName is "numa" or "cache"))
        {
            f.Add(e, "DC0127", $"<{e.Name.LocalName}> belongs to a guest CPU, but this CPU has <arch>, so it is a host CPU");
        }
        foreach (var m in cpu.Elements("model"))
        {
            foreach (var a in m.Attributes()) f.Add(a, "DC0127", $"a host CPU's <model> takes no attribute {a.Name.LocalName}");
        }
        foreach (var fe in cpu.Elements("feature"))
        {
            foreach (var a in fe.Attributes().Where(a => a.Name.LocalName is "policy" or "mode" or "value"))
            {
                f.Add(a, "DC0127", $"a host CPU's <feature> takes no attribute {a.Name.LocalName}");
            }
        }
    }

    public static void GuestModel(XElement m, Findings f)
    {
        Enum(m, "fallback", "DC0106", f, "allow", "forbid");
        if (m.Attribute("vendor_id") is { } vid)
        {
            if (vid.Value.Contains(',')) f.Add(vid, "DC0108", $"vendor_id '{vid.Value}' contains a comma");
            else if (vid.Value.Trim().Length != 12) f.Add(vid, "DC0107", $"vendor_id '{vid.Value}' is not exactly 12 characters long");
        }
    }

    public static void GuestFeature(XElement fe, Findings f)
    {
        var name = fe.Attribute("name");
        if (name is null) f.Add(fe, "DC0113", "<feature> needs a name");
        else if (!IsFeatureName(name.Value.Trim()))
        {
            f.Add(name, "DC0113", $"'{name.Value}' is not a valid feature name (letters, digits, '-', '_' and '.')");
        }
        var policy = fe.Attribute("policy");
        var mode = fe.Attribute("mode");
        var value = fe.Attribute("value");
        if (policy is not null)
        {
            Enum(fe, "policy", "DC0112", f, "force", "require", "optional", "disable", "forbid");
            if (mode is not null) f.Add(mode, "DC0126", "a feature takes policy= or the deprecated mode=, not both");
            else if (value is not null) f.Add(value, "DC0126", "value= only goes with the deprecated mode=");
            return;
        }
        if (mode is null)
        {
            f.Add(fe, "DC0126", $"feature '{name?.Value}' needs a policy (force, require, optional, disable or forbid)");
            if (value is not null) f.Add(value, "DC0126", "value= only goes with the deprecated mode=");
            return;
        }
        var m = mode.Value.Trim();
        var v = value?.Value.Trim() ?? "on";
        if (m is not ("set" or "check")) f.Add(mode, "DC0126", $"mode='{mode.Value}' of <feature> is not set or check; write policy= instead");
        else if (v is not ("on" or "off")) f.Add(value, "DC0126", $"value='{value!.Value}' of <feature> is not on or off");
        else
        {
            var policyName = (m, v) switch
            {
                ("set", "on") => "force",
                ("set", "off") => "disable",
                ("check", "on") => "require",
                _ => "forbid",
            };
            f.Add(fe, "DC0122", $"feature mode='{m}' value='{v}' is deprecated; write policy='{policyName}'");
        }
    }

    public static void Topology(XElement t, Findings f)
    {
        NumberAttr(t, "sockets", "DC0110", f, required: true, 1, ulong.MaxValue);
        NumberAttr(t, "dies", "DC0110", f, required: false, 1, ulong.MaxValue);
        NumberAttr(t, "clusters", "DC0110", f, required: false, 1, ulong.MaxValue);
        NumberAttr(t, "cores", "DC0110", f, required: true, 1, ulong.MaxValue);
        NumberAttr(t, "threads", "DC0110", f, required: true, 1, ulong.MaxValue);
    }

    public static void Cache(XElement c, Findings f)
    {
        Enum(c, "level", "DC0116", f, "1", "2", "3");
        if (c.Attribute("mode") is null) f.Add(c, "DC0116", "<cache> needs a mode (emulate, passthrough or disable)");
        Enum(c, "mode", "DC0116", f, "emulate", "passthrough", "disable");
    }

    public static void MaxPhysAddr(XElement m, Findings f)
    {
        if (m.Attribute("mode") is null) f.Add(m, "DC0117", "<maxphysaddr> needs a mode (emulate or passthrough)");
        Enum(m, "mode", "DC0117", f, "emulate", "passthrough");
        NumberAttr(m, "bits", "DC0117", f, required: false, 0, uint.MaxValue);
        NumberAttr(m, "limit", "DC0117", f, required: false, 0, uint.MaxValue);
    }

    public static void Numa(XElement numa, Findings f)
    {
        if (!numa.Elements("cell").Any()) f.Add(numa, "DC0119", "<numa> needs at least one <cell>");
        AtMostOnce(numa, f, "interconnects");
        foreach (var cell in numa.Elements("cell"))
        {
            if (cell.Attribute("memory") is null) f.Add(cell, "DC0119", "<cell> needs the attribute memory");
            AtMostOnce(cell, f, "distances");
            foreach (var d in cell.Elements("distances").Where(d => !d.Elements("sibling").Any()))
            {
                f.Add(d, "DC0119", "<distances> needs at least one <sibling>");
            }
            foreach (var cache in cell.Elements("cache"))
            {
                foreach (var part in new[] { "size", "line" })
                {
                    if (!cache.Elements(part).Any()) f.Add(cache, "DC0125", $"a NUMA <cache> needs a <{part}> element");
                    AtMostOnce(cache, part, f);
                }
            }
        }
        foreach (var ic in numa.Elements("interconnects"))
        {
            foreach (var lat in ic.Elements("latency"))
            {
                if (lat.Attribute("unit") is { } u) f.Add(u, "DC0119", "<latency> takes no unit (it is in nanoseconds)");
            }
            foreach (var bw in ic.Elements("bandwidth"))
            {
                if (bw.Attribute("unit") is null) f.Add(bw, "DC0119", "<bandwidth> needs the attribute unit");
            }
        }
    }

    /// <summary>libvirt's schema's architecture names.</summary>
    public static readonly HashSet<string> ArchNames = new(StringComparer.Ordinal)
    {
        "aarch64", "alpha", "armv6l", "armv7l", "cris", "i686", "ia64", "lm32", "loongarch64", "m68k", "microblaze", "microblazeel",
        "mips", "mipsel", "mips64", "mips64el", "openrisc", "parisc", "parisc64", "ppc", "ppc64", "ppc64le", "ppcemb",
        "riscv32", "riscv64", "s390", "s390x", "sh4", "sh4eb", "sparc", "sparc64", "unicore32", "x86_64", "xtensa",
        "xtensaeb",
    };
}

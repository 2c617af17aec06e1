using System.Xml.Linq;
using static DomainCpu.Schema.XmlChecks;
using DomainCpu.Diagnostics;

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
        Enum(cpu, "mode", DiagnosticCatalogue.CpuModeInvalid, f, "custom", "host-model", "host-passthrough", "maximum");
        Enum(cpu, "match", DiagnosticCatalogue.CpuAttributeInvalid, f, "minimum", "exact", "strict");
        Enum(cpu, "check", DiagnosticCatalogue.CpuAttributeInvalid, f, "none", "partial", "full");
        Enum(cpu, "migratable", DiagnosticCatalogue.CpuAttributeInvalid, f, "on", "off");
        Enum(cpu, "deprecated_features", DiagnosticCatalogue.CpuAttributeInvalid, f, "on", "off");
        AtMostOnce(cpu, f, "model", "vendor", "topology", "numa", "maxphysaddr");
        AtMostOnce(cpu, "cache", f, DiagnosticCatalogue.CacheRepeated);
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
            f.Add(e, Diagnoses.HostPartInGuestCpu(e.Name.LocalName));
        }
    }

    /// <summary>A host CPU (capabilities' <c>&lt;host&gt;&lt;cpu&gt;</c>, or a standalone one with &lt;arch&gt;).</summary>
    public static void Host(XElement cpu, Findings f, bool standalone)
    {
        var arches = cpu.Elements("arch").ToList();
        if (arches.Count == 0) f.Add(cpu, Diagnoses.HostCpuWithoutArch());
        foreach (var a in arches)
        {
            if (!ArchNames.Contains(a.Value.Trim())) f.Add(a, Diagnoses.ArchitectureUnknown(a.Value));
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
                f.Add((XObject?)name ?? fe, name is null ? Diagnoses.FeatureWithoutName() : Diagnoses.FeatureNameCharacters(name.Value));
            }
        }
        if (!standalone) return;
        foreach (var a in GuestAttributes)
        {
            if (cpu.Attribute(a) is { } attr) f.Add(attr, Diagnoses.GuestAttributeWithArch(a));
        }
        foreach (var e in cpu.Elements().Where(e => e.Name.LocalName is "numa" or "cache"))
        {
            f.Add(e, Diagnoses.GuestPartInHostCpu(e.Name.LocalName));
        }
        foreach (var m in cpu.Elements("model"))
        {
            foreach (var a in m.Attributes()) f.Add(a, Diagnoses.HostCpuAttribute("model", a.Name.LocalName));
        }
        foreach (var fe in cpu.Elements("feature"))
        {
            foreach (var a in fe.Attributes().Where(a => a.Name.LocalName is "policy" or "mode" or "value"))
            {
                f.Add(a, Diagnoses.HostCpuAttribute("feature", a.Name.LocalName));
            }
        }
    }

    public static void GuestModel(XElement m, Findings f)
    {
        Enum(m, "fallback", DiagnosticCatalogue.FallbackInvalid, f, "allow", "forbid");
        if (m.Attribute("vendor_id") is { } vid)
        {
            if (vid.Value.Contains(',')) f.Add(vid, Diagnoses.VendorIdWithComma(vid.Value));
            else if (vid.Value.Trim().Length != 12) f.Add(vid, Diagnoses.VendorIdNotTwelveCharacters(vid.Value));
        }
    }

    public static void GuestFeature(XElement fe, Findings f)
    {
        var name = fe.Attribute("name");
        if (name is null) f.Add(fe, Diagnoses.FeatureWithoutName());
        else if (!IsFeatureName(name.Value.Trim()))
        {
            f.Add(name, Diagnoses.FeatureNameCharacters(name.Value));
        }
        var policy = fe.Attribute("policy");
        var mode = fe.Attribute("mode");
        var value = fe.Attribute("value");
        if (policy is not null)
        {
            Enum(fe, "policy", DiagnosticCatalogue.FeaturePolicyInvalid, f, "force", "require", "optional", "disable", "forbid");
            if (mode is not null) f.Add(mode, Diagnoses.PolicyAndMode());
            else if (value is not null) f.Add(value, Diagnoses.ValueWithoutMode());
            return;
        }
        if (mode is null)
        {
            f.Add(fe, Diagnoses.FeatureNeedsPolicy(name?.Value));
            if (value is not null) f.Add(value, Diagnoses.ValueWithoutMode());
            return;
        }
        var m = mode.Value.Trim();
        var v = value?.Value.Trim() ?? "on";
        if (m is not ("set" or "check")) f.Add(mode, Diagnoses.FeatureModeInvalid(mode.Value));
        else if (v is not ("on" or "off")) f.Add(value, Diagnoses.FeatureValueInvalid(value!.Value));
        else
        {
            var policyName = (m, v) switch
            {
                ("set", "on") => "force",
                ("set", "off") => "disable",
                ("check", "on") => "require",
                _ => "forbid",
            };
            f.Add(fe, Diagnoses.DeprecatedFeatureForm(m, v, policyName));
        }
    }

    public static void Topology(XElement t, Findings f)
    {
        NumberAttr(t, "sockets", DiagnosticCatalogue.TopologyInvalid, f, required: true, 1, ulong.MaxValue);
        NumberAttr(t, "dies", DiagnosticCatalogue.TopologyInvalid, f, required: false, 1, ulong.MaxValue);
        NumberAttr(t, "clusters", DiagnosticCatalogue.TopologyInvalid, f, required: false, 1, ulong.MaxValue);
        NumberAttr(t, "cores", DiagnosticCatalogue.TopologyInvalid, f, required: true, 1, ulong.MaxValue);
        NumberAttr(t, "threads", DiagnosticCatalogue.TopologyInvalid, f, required: true, 1, ulong.MaxValue);
    }

    public static void Cache(XElement c, Findings f)
    {
        Enum(c, "level", DiagnosticCatalogue.CacheInvalid, f, "1", "2", "3");
        if (c.Attribute("mode") is null) f.Add(c, Diagnoses.NeedsMode("cache", "emulate, passthrough or disable"));
        Enum(c, "mode", DiagnosticCatalogue.CacheInvalid, f, "emulate", "passthrough", "disable");
    }

    public static void MaxPhysAddr(XElement m, Findings f)
    {
        if (m.Attribute("mode") is null) f.Add(m, Diagnoses.NeedsMode("maxphysaddr", "emulate or passthrough"));
        Enum(m, "mode", DiagnosticCatalogue.MaxPhysAddrInvalid, f, "emulate", "passthrough");
        NumberAttr(m, "bits", DiagnosticCatalogue.MaxPhysAddrInvalid, f, required: false, 0, uint.MaxValue);
        NumberAttr(m, "limit", DiagnosticCatalogue.MaxPhysAddrInvalid, f, required: false, 0, uint.MaxValue);
    }

    public static void Numa(XElement numa, Findings f)
    {
        if (!numa.Elements("cell").Any()) f.Add(numa, Diagnoses.NumaMalformed("<numa> needs at least one <cell>"));
        AtMostOnce(numa, f, "interconnects");
        foreach (var cell in numa.Elements("cell"))
        {
            if (cell.Attribute("memory") is null) f.Add(cell, Diagnoses.NumaMalformed("<cell> needs the attribute memory"));
            AtMostOnce(cell, f, "distances");
            foreach (var d in cell.Elements("distances").Where(d => !d.Elements("sibling").Any()))
            {
                f.Add(d, Diagnoses.NumaMalformed("<distances> needs at least one <sibling>"));
            }
            foreach (var cache in cell.Elements("cache"))
            {
                foreach (var part in new[] { "size", "line" })
                {
                    if (!cache.Elements(part).Any()) f.Add(cache, Diagnoses.ElementMissing(part, "cache"));
                    AtMostOnce(cache, part, f);
                }
            }
        }
        foreach (var ic in numa.Elements("interconnects"))
        {
            foreach (var lat in ic.Elements("latency"))
            {
                if (lat.Attribute("unit") is { } u) f.Add(u, Diagnoses.NumaMalformed("<latency> takes no unit (it is in nanoseconds)"));
            }
            foreach (var bw in ic.Elements("bandwidth"))
            {
                if (bw.Attribute("unit") is null) f.Add(bw, Diagnoses.NumaMalformed("<bandwidth> needs the attribute unit"));
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

using System.Xml.Linq;
using DomainCpu.Xml;
using static DomainCpu.Schema.XmlChecks;
using DomainCpu.Diagnostics;

namespace DomainCpu.Schema;

/// <summary>The <c>schema</c>-category rules of each document kind around its <c>&lt;cpu&gt;</c>.</summary>
internal static class DocumentShapeRules
{
    private static readonly XNamespace Qemu = DomainDocument.QemuNamespace;

    public static void Check(XElement root, DocumentKind kind, Findings f)
    {
        switch (kind)
        {
            case DocumentKind.Domain when root.Name == "domain":
                Domain(root, f);
                break;
            case DocumentKind.Capabilities when root.Name == "capabilities":
                foreach (var cpu in root.Elements("host").Elements("cpu")) CpuShapeRules.Host(cpu, f, standalone: false);
                break;
            case DocumentKind.DomainCapabilities when root.Name == "domainCapabilities":
                AtMostOnce(root, "cpu", f);
                foreach (var cpu in root.Elements("cpu")) DomainCapsCpu(cpu, f);
                break;
            case DocumentKind.Cpu when root.Name == "cpu":
                if (root.Element("arch") is not null) CpuShapeRules.Host(root, f, standalone: true);
                else CpuShapeRules.StandaloneGuest(root, f);
                break;
        }
    }

    private static void Domain(XElement domain, Findings f)
    {
        DomainChildren.Check(domain, f);
        AtMostOnce(domain, Qemu + "cpu", f);
        AtMostOnce(domain, Qemu + "commandline", f);
        foreach (var cpu in domain.Elements("cpu")) CpuShapeRules.Guest(cpu, f);
        foreach (var vcpu in domain.Elements("vcpu"))
        {
            if (XmlChecks.Number(vcpu.Value) is not (>= 1 and <= 65535))
            {
                f.Add(vcpu, Diagnoses.VcpuCountNotANumber("vCPU count", vcpu.Value));
            }
            if (vcpu.Attribute("current") is { } cur && XmlChecks.Number(cur.Value) is not (>= 1 and <= 65535))
            {
                f.Add(cur, Diagnoses.VcpuCountNotANumber("current vCPU count", cur.Value));
            }
        }
        foreach (var os in domain.Elements("os"))
        {
            if (!os.Elements("type").Any()) f.Add(os, Diagnoses.ElementMissing("type", "os"));
            AtMostOnce(os, "type", f);
        }
        foreach (var q in domain.Elements(Qemu + "cpu")) AtMostOnce(q, Qemu + "model", f);
        foreach (var n in domain.Elements("numatune")) Numatune(n, f);
    }

    private static void Numatune(XElement numatune, Findings f)
    {
        AtMostOnce(numatune, "memory", f);
        foreach (var m in numatune.Elements("memory"))
        {
            if (m.Attribute("placement")?.Value.Trim() == "auto" && m.Attribute("nodeset") is { } nodeset)
            {
                f.Add(nodeset, Diagnoses.AutoPlacementTakesNoNodeset());
            }
        }
    }

    private static readonly string[] ModeOrder = ["host-passthrough", "maximum", "host-model", "custom"];

    private static void DomainCapsCpu(XElement cpu, Findings f)
    {
        var modes = cpu.Elements("mode").ToList();
        var names = modes.Select(m => m.Attribute("name")?.Value).ToList();
        if (!names.SequenceEqual(ModeOrder))
        {
            f.Add(cpu, Diagnoses.DomainCapabilitiesShape($"<cpu> must have exactly the modes {string.Join(", ", ModeOrder)} in this order, not {string.Join(", ", names.Select(n => n ?? "(unnamed)"))}"));
        }
        foreach (var mode in modes)
        {
            switch (mode.Attribute("name")?.Value)
            {
                case "host-passthrough" or "maximum":
                    Only(mode, f, "enum");
                    break;
                case "host-model":
                    HostModelMode(mode, f);
                    break;
                case "custom":
                    Only(mode, f, "model", "blockers");
                    foreach (var b in mode.Elements("blockers").Where(b => b.ElementsBeforeSelf().LastOrDefault()?.Name.LocalName != "model"))
                    {
                        f.Add(b, Diagnoses.DomainCapabilitiesShape("<blockers> follows the <model> it is about"));
                    }
                    foreach (var m in mode.Elements("model"))
                    {
                        if (m.Attribute("usable") is null) f.Add(m, Diagnoses.DomainCapabilitiesShape("a custom <model> needs usable="));
                        if (m.Attribute("vendor") is null) f.Add(m, Diagnoses.DomainCapabilitiesShape("a custom <model> needs vendor="));
                        foreach (var a in m.Attributes().Where(a => a.Name.LocalName is "fallback" or "vendor_id"))
                        {
                            f.Add(a, Diagnoses.DomainCapabilitiesShape($"a custom <model> takes no {a.Name.LocalName}="));
                        }
                    }
                    break;
            }
        }
    }

    private static void HostModelMode(XElement mode, Findings f)
    {
        Only(mode, f, "model", "vendor", "maxphysaddr", "feature");
        // libvirt's schema: model, then an optional vendor, an optional maxphysaddr, then features, in this order.
        var rank = 0;
        foreach (var e in mode.Elements())
        {
            var r = e.Name.LocalName switch { "model" => 1, "vendor" => 2, "maxphysaddr" => 3, "feature" => 4, _ => rank };
            if (r < rank || (r == rank && r < 4) || (rank == 0 && r > 1))
            {
                f.Add(e, Diagnoses.DomainCapabilitiesShape($"host-model's children come as one <model>, an optional <vendor>, an optional <maxphysaddr>, then <feature>s; <{e.Name.LocalName}> is out of place"));
            }
            rank = Math.Max(rank, r);
        }
        foreach (var m in mode.Elements("maxphysaddr")) CpuShapeRules.MaxPhysAddr(m, f);
        foreach (var m in mode.Elements("model"))
        {
            CpuShapeRules.GuestModel(m, f);
            foreach (var a in m.Attributes().Where(a => a.Name.LocalName is "usable" or "vendor" or "deprecated" or "canonical"))
            {
                f.Add(a, Diagnoses.DomainCapabilitiesShape($"host-model's <model> takes no {a.Name.LocalName}="));
            }
        }
        foreach (var fe in mode.Elements("feature")) CpuShapeRules.GuestFeature(fe, f);
    }

    private static void Only(XElement mode, Findings f, params string[] allowed)
    {
        foreach (var e in mode.Elements().Where(e => !allowed.Contains(e.Name.LocalName)))
        {
            f.Add(e, Diagnoses.DomainCapabilitiesShape($"mode '{mode.Attribute("name")?.Value}' takes no <{e.Name.LocalName}>"));
        }
    }
}

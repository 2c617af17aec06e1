using System.Xml.Linq;
using DomainCpu.Diagnostics;
using DomainCpu.Targets;
using DomainCpu.Xml;

namespace DomainCpu.Schema;

/// <summary>
/// What the chosen libvirt release's grammar lacks. DomainCpu's schemas describe the newest grammar; every construct
/// a later release added is reported here for an older one, with the release that added it (<c>clusters needs libvirt
/// 10.1 or later</c>), as rule DC0200.
/// </summary>
internal static class ReleaseGrammarRules
{
    public static void Check(XElement root, DocumentKind kind, LibvirtProfile libvirt, Findings f)
    {
        switch (kind)
        {
            case DocumentKind.Domain when root.Name == "domain":
                Domain(root, libvirt, f);
                break;
            case DocumentKind.Capabilities when root.Name == "capabilities":
                foreach (var cpu in root.Elements("host").Elements("cpu")) HostCpu(cpu, libvirt, f);
                break;
            case DocumentKind.DomainCapabilities when root.Name == "domainCapabilities":
                foreach (var cpu in root.Elements("cpu")) DomainCapsCpu(cpu, libvirt, f);
                break;
            case DocumentKind.Cpu when root.Name == "cpu":
                if (root.Element("arch") is null) GuestCpu(root, libvirt, f);
                else HostCpu(root, libvirt, f);
                break;
        }
    }

    private static void Domain(XElement domain, LibvirtProfile libvirt, Findings f)
    {
        foreach (var e in domain.Elements().Where(e => e.Name.Namespace == XNamespace.None))
        {
            if (DomainChildren.AddedBy(e.Name.LocalName) is { } rule) Require(e, $"<{e.Name.LocalName}>", rule, libvirt, f);
        }
        foreach (var type in domain.Elements("os").Elements("type"))
        {
            if (type.Attribute("arch") is { } arch) Arch(arch, arch.Value, libvirt, f);
        }
        foreach (var cpu in domain.Elements("cpu")) GuestCpu(cpu, libvirt, f);
    }

    private static void GuestCpu(XElement cpu, LibvirtProfile libvirt, Findings f)
    {
        Added(cpu.Attribute("deprecated_features"), CpuXmlAddition.DeprecatedFeatures, libvirt, f);
        CpuParts(cpu, libvirt, f);
    }

    private static void HostCpu(XElement cpu, LibvirtProfile libvirt, Findings f)
    {
        foreach (var arch in cpu.Elements("arch")) Arch(arch, arch.Value.Trim(), libvirt, f);
        CpuParts(cpu, libvirt, f);
        if (libvirt.Has(LibvirtRules.DottedHostFeatureNames)) return;
        foreach (var name in cpu.Elements("feature").Attributes("name").Where(n => n.Value.Contains('.') && XmlChecks.IsFeatureName(n.Value.Trim())))
        {
            Require(name, $"a '.' in a host CPU feature name ('{name.Value}')", LibvirtRules.DottedHostFeatureNames, libvirt, f);
        }
    }

    /// <summary>The parts guest and host CPUs share.</summary>
    private static void CpuParts(XElement cpu, LibvirtProfile libvirt, Findings f)
    {
        foreach (var t in cpu.Elements("topology")) Added(t.Attribute("clusters"), CpuXmlAddition.TopologyClusters, libvirt, f);
        foreach (var m in cpu.Elements("maxphysaddr")) Added(m.Attribute("limit"), CpuXmlAddition.MaxPhysAddrLimit, libvirt, f);
    }

    private static void DomainCapsCpu(XElement cpu, LibvirtProfile libvirt, Findings f)
    {
        foreach (var mode in cpu.Elements("mode"))
        {
            switch (mode.Attribute("name")?.Value)
            {
                case "host-model":
                    foreach (var m in mode.Elements("maxphysaddr"))
                    {
                        Require(m, "<maxphysaddr> in host-model", LibvirtRules.DomainCapsHostModelMaxPhysAddr, libvirt, f);
                        Added(m.Attribute("limit"), CpuXmlAddition.MaxPhysAddrLimit, libvirt, f);
                    }
                    break;
                case "custom":
                    foreach (var c in mode.Elements("model").Attributes("canonical")) Require(c, "canonical", LibvirtRules.DomainCapsCanonicalModels, libvirt, f);
                    foreach (var b in mode.Elements("blockers")) Require(b, "<blockers>", LibvirtRules.DomainCapsBlockers, libvirt, f);
                    break;
            }
        }
    }

    private static void Arch(XObject at, string arch, LibvirtProfile libvirt, Findings f)
    {
        if (arch == "loongarch64") Require(at, "the architecture loongarch64", LibvirtRules.LoongArchArchitecture, libvirt, f);
    }

    /// <summary>An attribute of the CPU XML the release may lack (the reader refuses the same ones).</summary>
    private static void Added(XAttribute? a, CpuXmlAddition addition, LibvirtProfile libvirt, Findings f)
    {
        if (a is not null && libvirt.CpuXml.AddedIn(addition) is { } since)
        {
            f.Add(a, Diagnoses.NeedsRelease(a.Name.LocalName, since, libvirt.CpuXml.Release));
        }
    }

    private static void Require(XObject at, string what, LibvirtRule rule, LibvirtProfile libvirt, Findings f)
    {
        if (!libvirt.Has(rule)) f.Add(at, Diagnoses.NeedsRelease(what, rule.Since.ToString(), libvirt.Version.ToString()));
    }
}

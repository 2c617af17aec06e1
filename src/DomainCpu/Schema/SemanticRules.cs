using System.Xml.Linq;
using DomainCpu.Model;
using DomainCpu.Targets;
using DomainCpu.Xml;
using static DomainCpu.Schema.XmlChecks;

namespace DomainCpu.Schema;

/// <summary>
/// The <c>semantic</c>-category rules (SPEC §4): what libvirt's parser and QEMU driver reject although the schema
/// accepts it. Every rule looks at the raw elements, so one broken part does not hide findings in another.
/// </summary>
internal static class SemanticRules
{
    private static readonly XNamespace Qemu = DomainDocument.QemuNamespace;

    public static void Check(XElement root, DocumentKind kind, LibvirtProfile libvirt, Findings f)
    {
        switch (kind)
        {
            case DocumentKind.Domain when root.Name == "domain":
                Domain(root, libvirt, f);
                break;
            case DocumentKind.Cpu when root.Name == "cpu":
                if (root.Element("arch") is not null) HostModel(root, f);
                else GuestCpu(root, libvirt, f);
                break;
        }
    }

    /// <summary>libvirt parses a standalone host CPU (compare and baseline input) with a required model; host
    /// capabilities of a CPU libvirt cannot name legitimately have none.</summary>
    private static void HostModel(XElement cpu, Findings f)
    {
        if (string.IsNullOrEmpty(cpu.Element("model")?.Value)) f.Add(cpu, "DC0160", "a host CPU needs a <model> name");
    }

    private static void Domain(XElement domain, LibvirtProfile libvirt, Findings f)
    {
        var cpu = domain.Element("cpu");
        var info = DomainFacts.Read(domain);
        if (cpu is not null)
        {
            GuestCpu(cpu, libvirt, f);
            DomainCpu(cpu, info, libvirt, f);
            NumaRules.Check(cpu, info, libvirt, f);
        }
        Vcpus(domain, info, f);
        HotplugGranularity(domain, cpu, info, f);
        QemuCpu(domain, cpu, f);
    }

    /// <summary>Rules of the CPU alone (libvirt's CPU parser).</summary>
    private static void GuestCpu(XElement cpu, LibvirtProfile libvirt, Findings f)
    {
        var mode = CpuNames.ParseMode(cpu.Attribute("mode")?.Value.Trim() ?? "custom");
        var modelEl = cpu.Element("model");
        var hasModel = !string.IsNullOrEmpty(modelEl?.Value);
        if (cpu.Attribute("migratable") is { } mig && mode is CpuMode.Custom or CpuMode.HostModel)
        {
            f.Add(mig, "DC0104", $"migratable is only allowed with mode host-passthrough or maximum, not {CpuNames.Of(mode.Value)}");
        }
        if (cpu.Element("vendor") is { } vendor && vendor.Value.Length > 0 && !hasModel)
        {
            f.Add(vendor, "DC0109", "a CPU vendor is given without a CPU model");
        }
        var features = cpu.Elements("feature").ToList();
        if (mode == CpuMode.Custom && !hasModel && features.Count > 0)
        {
            f.Add(features[0], "DC0111", "a custom CPU lists features but has no model");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fe in features)
        {
            if (fe.Attribute("name")?.Value is { Length: > 0 } name && !seen.Add(name))
            {
                f.Add(fe, "DC0114", $"feature '{name}' is listed more than once");
            }
        }
        if (modelEl is not null && mode is CpuMode.Custom or CpuMode.HostModel && !hasModel)
        {
            foreach (var a in modelEl.Attributes().Where(a => a.Name.LocalName is "fallback"))
            {
                f.Add(a, "DC0152", $"{a.Name.LocalName} has no effect without a model name");
            }
        }
        if (mode is CpuMode.HostPassthrough or CpuMode.Maximum)
        {
            var what = mode == CpuMode.Maximum ? "maximum" : "host-passthrough";
            if (modelEl is not null) f.Add(modelEl, "DC0153", $"<model> is ignored with mode {what}");
            if (cpu.Element("vendor") is { } v) f.Add(v, "DC0153", $"<vendor> is ignored with mode {what}");
        }
        if (mode is not (null or CpuMode.Custom) && cpu.Attribute("match") is { } match)
        {
            f.Add(match, "DC0153", $"match is ignored with mode {CpuNames.Of(mode.Value)}");
        }
        Topology(cpu, libvirt, f);
        if (cpu.Element("maxphysaddr") is { } mpa && libvirt.Has(LibvirtRules.MaxPhysAddrLimit)) MaxPhysAddrLimit(mpa, f);
    }

    /// <summary>The topology's factors as the release counts them: clusters only since they exist.</summary>
    private static string[] Factors(LibvirtProfile libvirt) =>
        libvirt.Has(LibvirtRules.ClustersInTopology) ? ["sockets", "dies", "clusters", "cores", "threads"] : ["sockets", "dies", "cores", "threads"];

    private static void Topology(XElement cpu, LibvirtProfile libvirt, Findings f)
    {
        if (cpu.Element("topology") is not { } t) return;
        ulong product = 1;
        foreach (var name in Factors(libvirt))
        {
            if (t.Attribute(name) is not { } a || Number(a.Value) is not { } v || v == 0) continue;
            if (v > uint.MaxValue)
            {
                f.Add(a, "DC0151", $"{name}='{a.Value}' is more than {uint.MaxValue}");
                return;
            }
            product = product > uint.MaxValue ? product : product * v;
        }
        if (product > uint.MaxValue) f.Add(t, "DC0151", $"the topology results in more than {uint.MaxValue} CPUs");
    }

    /// <summary>libvirt's parser: a limit is at least 1 and belongs to mode passthrough.</summary>
    private static void MaxPhysAddrLimit(XElement mpa, Findings f)
    {
        if (mpa.Attribute("limit") is not { } limit) return;
        if (Number(limit.Value) == 0) f.Add(limit, "DC0201", "maxphysaddr limit='0': zero is not permitted");
        else if (mpa.Attribute("mode")?.Value.Trim() is "emulate")
        {
            f.Add(limit, "DC0201", "limit is only supported with maxphysaddr mode='passthrough'");
        }
    }

    /// <summary>Rules that need the rest of the domain (the QEMU driver's validation).</summary>
    private static void DomainCpu(XElement cpu, DomainFacts d, LibvirtProfile libvirt, Findings f)
    {
        var mode = CpuNames.ParseMode(cpu.Attribute("mode")?.Value.Trim() ?? "custom");
        var hasModel = !string.IsNullOrEmpty(cpu.Element("model")?.Value);
        if (mode == CpuMode.Custom && !hasModel && cpu.Attribute("check") is { } check && !d.DriverAddsDefaultModel)
        {
            f.Add(check, "DC0120", "check is set on a custom CPU that has no model");
        }
        if (cpu.Element("topology") is { } t && d.MaxVcpus is { } max && TopologyProduct(t, libvirt) is { } product && product != max)
        {
            f.Add(t, "DC0150", $"the topology gives {product} vCPUs ({string.Join(" × ", Factors(libvirt))}) but <vcpu> is {max}");
        }
        if (cpu.Element("cache") is { } cache) Cache(cache, mode, d, f);
        if (cpu.Element("maxphysaddr") is { } mpa) MaxPhysAddr(mpa, d, libvirt, f);
        if (cpu.Attribute("deprecated_features") is { } dep && libvirt.Has(LibvirtRules.DeprecatedCpuFeatures) && d.Arch is not "s390x")
        {
            f.Add(dep, "DC0202", $"deprecated_features is refused at start on {d.Arch ?? "this host's architecture"}: QEMU reports deprecated CPU features for s390x only");
        }
    }

    private static void Cache(XElement cache, CpuMode? mode, DomainFacts d, Findings f)
    {
        if (d.Arch is { } arch && !DomainFacts.IsX86(arch))
        {
            f.Add(cache, "DC0156", $"CPU cache specification is not supported for the '{arch}' architecture");
            return;
        }
        var level = cache.Attribute("level")?.Value.Trim();
        switch (cache.Attribute("mode")?.Value.Trim())
        {
            case "emulate" when level is null or "1" or "2":
                f.Add(cache, "DC0156", "cache mode 'emulate' can only be used with level='3'");
                break;
            case "passthrough" when mode is not (CpuMode.HostPassthrough or CpuMode.Maximum):
                f.Add(cache, "DC0156", "cache mode 'passthrough' can only be used with host-passthrough or maximum CPUs");
                break;
            case "passthrough" or "disable" when level is not null:
                f.Add(cache.Attribute("level"), "DC0156", $"cache mode '{cache.Attribute("mode")!.Value}' takes no level");
                break;
        }
    }

    private static void MaxPhysAddr(XElement mpa, DomainFacts d, LibvirtProfile libvirt, Findings f)
    {
        if (d.Arch is { } arch && !DomainFacts.IsX86(arch))
        {
            f.Add(mpa, "DC0157", $"maxphysaddr is not supported for the '{arch}' architecture");
            return;
        }
        var bits = mpa.Attribute("bits");
        switch (mpa.Attribute("mode")?.Value.Trim())
        {
            case "passthrough" when bits is not null:
                f.Add(bits, "DC0157", "maxphysaddr mode='passthrough' takes no bits");
                break;
            case "emulate" when bits is null && !libvirt.Has(LibvirtRules.MaxPhysAddrEmulateBitsOptional):
                f.Add(mpa, "DC0157", "maxphysaddr mode='emulate' needs bits");
                break;
        }
    }

    private static void Vcpus(XElement domain, DomainFacts d, Findings f)
    {
        if (d.MaxVcpus is { } max && d.CurrentVcpus is { } cur && cur > max)
        {
            f.Add(domain.Element("vcpu")!.Attribute("current"), "DC0159", $"the current vCPU count {cur} is greater than the maximum {max}");
        }
        if (d.MaxVcpus is > 255 && d.Arch is { } arch && DomainFacts.IsX86(arch) && d.Machine is { } m && !m.Contains("q35", StringComparison.Ordinal))
        {
            f.Add(domain.Element("vcpu"), "DC0161", $"more than 255 vCPUs are only supported on q35-based machine types, not '{m}'");
        }
    }

    /// <summary>pSeries plugs vCPUs a core at a time, so the current count must be a multiple of threads.</summary>
    private static void HotplugGranularity(XElement domain, XElement? cpu, DomainFacts d, Findings f)
    {
        if (d.Arch is not ("ppc64" or "ppc64le") || d.Machine?.StartsWith("pseries", StringComparison.Ordinal) != true) return;
        if (cpu?.Element("topology")?.Attribute("threads") is not { } ta || Number(ta.Value) is not (> 1 and var threads)) return;
        if ((d.CurrentVcpus ?? d.MaxVcpus) is { } count && count % threads != 0)
        {
            f.Add(domain.Element("vcpu"), "DC0162", $"the vCPU count {count} must be a multiple of the hotplug granularity ({threads} threads per core)");
        }
    }

    private static void QemuCpu(XElement domain, XElement? cpu, Findings f)
    {
        var qemuModel = domain.Element(Qemu + "cpu")?.Element(Qemu + "model");
        if (qemuModel?.Attribute("name")?.Value is not { Length: > 0 } qname) return;
        if (cpu?.Element("model") is { } model && model.Value.Length > 0)
        {
            f.Add(qemuModel, "DC0158", $"<qemu:cpu> names the model '{qname}' and <cpu> names '{model.Value}'; name the model in one place");
        }
    }

    /// <summary>The topology's product as the release counts it (sockets × dies × [clusters ×] cores × threads) when all
    /// are valid numbers; null otherwise.</summary>
    public static ulong? TopologyProduct(XElement t, LibvirtProfile libvirt)
    {
        ulong product = 1;
        foreach (var name in Factors(libvirt))
        {
            var a = t.Attribute(name);
            if (a is null && name is "dies" or "clusters") continue;
            if (a is null || Number(a.Value) is not { } v || v == 0 || v > uint.MaxValue) return null;
            product *= v;
            if (product > uint.MaxValue) return null;
        }
        return product;
    }
}

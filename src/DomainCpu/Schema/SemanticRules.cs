using System.Xml.Linq;
using DomainCpu.Model;
using DomainCpu.Targets;
using DomainCpu.Xml;
using static DomainCpu.Schema.XmlChecks;
using DomainCpu.Diagnostics;

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
        if (string.IsNullOrEmpty(cpu.Element("model")?.Value)) f.Add(cpu, Diagnoses.HostCpuNeedsModel());
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
            f.Add(mig, Diagnoses.MigratableWithMode(CpuNames.Of(mode.Value)));
        }
        if (cpu.Element("vendor") is { } vendor && vendor.Value.Length > 0 && !hasModel)
        {
            f.Add(vendor, Diagnoses.VendorGivenWithoutModel());
        }
        var features = cpu.Elements("feature").ToList();
        if (mode == CpuMode.Custom && !hasModel && features.Count > 0)
        {
            f.Add(features[0], Diagnoses.FeaturesGivenWithoutModel());
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fe in features)
        {
            if (fe.Attribute("name")?.Value is { Length: > 0 } name && !seen.Add(name))
            {
                f.Add(fe, Diagnoses.FeatureListedTwice(name));
            }
        }
        if (modelEl is not null && mode is CpuMode.Custom or CpuMode.HostModel && !hasModel)
        {
            foreach (var a in modelEl.Attributes().Where(a => a.Name.LocalName is "fallback"))
            {
                f.Add(a, Diagnoses.NoEffectWithoutModel(a.Name.LocalName));
            }
        }
        if (mode is CpuMode.HostPassthrough or CpuMode.Maximum)
        {
            if (modelEl is not null) f.Add(modelEl, Diagnoses.IgnoredWithMode("<model>", CpuNames.Of(mode.Value)));
            if (cpu.Element("vendor") is { } v) f.Add(v, Diagnoses.IgnoredWithMode("<vendor>", CpuNames.Of(mode.Value)));
        }
        if (mode is not (null or CpuMode.Custom) && cpu.Attribute("match") is { } match)
        {
            f.Add(match, Diagnoses.IgnoredWithMode("match", CpuNames.Of(mode.Value)));
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
                f.Add(a, Diagnoses.TopologyNumberTooLarge(name, a.Value));
                return;
            }
            product = product > uint.MaxValue ? product : product * v;
        }
        if (product > uint.MaxValue) f.Add(t, Diagnoses.TopologyProductTooLarge());
    }

    /// <summary>libvirt's parser: a limit is at least 1 and belongs to mode passthrough.</summary>
    private static void MaxPhysAddrLimit(XElement mpa, Findings f)
    {
        if (mpa.Attribute("limit") is not { } limit) return;
        if (Number(limit.Value) == 0) f.Add(limit, Diagnoses.MaxPhysAddrLimitZero());
        else if (mpa.Attribute("mode")?.Value.Trim() is "emulate") f.Add(limit, Diagnoses.MaxPhysAddrLimitNotPassthrough());
    }

    /// <summary>Rules that need the rest of the domain (the QEMU driver's validation).</summary>
    private static void DomainCpu(XElement cpu, DomainFacts d, LibvirtProfile libvirt, Findings f)
    {
        var mode = CpuNames.ParseMode(cpu.Attribute("mode")?.Value.Trim() ?? "custom");
        var hasModel = !string.IsNullOrEmpty(cpu.Element("model")?.Value);
        if (mode == CpuMode.Custom && !hasModel && cpu.Attribute("check") is { } check && !d.DriverAddsDefaultModel)
        {
            f.Add(check, Diagnoses.CheckWithoutModelGiven());
        }
        if (cpu.Element("topology") is { } t && d.MaxVcpus is { } max && TopologyProduct(t, libvirt) is { } product && product != max)
        {
            f.Add(t, Diagnoses.TopologyGivesOtherCount(product, max, Factors(libvirt)));
        }
        if (cpu.Element("cache") is { } cache) Cache(cache, mode, d, f);
        if (cpu.Element("maxphysaddr") is { } mpa) MaxPhysAddr(mpa, d, libvirt, f);
        if (cpu.Attribute("deprecated_features") is { } dep && libvirt.Has(LibvirtRules.DeprecatedCpuFeatures) &&
            !libvirt.Has(LibvirtRules.DeprecatedFeaturesWithoutQemuSupport) && d.Arch is not "s390x")
        {
            f.Add(dep, Diagnoses.DeprecatedFeaturesRefused(d.Arch));
        }
    }

    private static void Cache(XElement cache, CpuMode? mode, DomainFacts d, Findings f)
    {
        if (d.Arch is { } arch && !DomainFacts.IsX86(arch))
        {
            f.Add(cache, Diagnoses.CacheOnArch(arch));
            return;
        }
        var level = cache.Attribute("level")?.Value.Trim();
        switch (cache.Attribute("mode")?.Value.Trim())
        {
            case "emulate" when level is null or "1" or "2":
                f.Add(cache, Diagnoses.CacheEmulateLevel());
                break;
            case "passthrough" when mode is not (CpuMode.HostPassthrough or CpuMode.Maximum):
                f.Add(cache, Diagnoses.CachePassthroughMode());
                break;
            case "passthrough" or "disable" when level is not null:
                f.Add(cache.Attribute("level"), Diagnoses.CacheLevelForMode(cache.Attribute("mode")!.Value.Trim()));
                break;
        }
    }

    private static void MaxPhysAddr(XElement mpa, DomainFacts d, LibvirtProfile libvirt, Findings f)
    {
        if (d.Arch is { } arch && !DomainFacts.IsX86(arch))
        {
            f.Add(mpa, Diagnoses.MaxPhysAddrOnArch(arch));
            return;
        }
        var bits = mpa.Attribute("bits");
        switch (mpa.Attribute("mode")?.Value.Trim())
        {
            case "passthrough" when bits is not null:
                f.Add(bits, Diagnoses.MaxPhysAddrBitsWithPassthrough());
                break;
            case "emulate" when bits is null && !libvirt.Has(LibvirtRules.MaxPhysAddrEmulateBitsOptional):
                f.Add(mpa, Diagnoses.MaxPhysAddrEmulateWithoutBits());
                break;
        }
    }

    private static void Vcpus(XElement domain, DomainFacts d, Findings f)
    {
        if (d.MaxVcpus is { } max && d.CurrentVcpus is { } cur && cur > max)
        {
            f.Add(domain.Element("vcpu")!.Attribute("current"), Diagnoses.CurrentAboveMaximum(cur, max));
        }
        if (d.MaxVcpus is > 255 && d.Arch is { } arch && DomainFacts.IsX86(arch) && d.Machine is { } m && !m.Contains("q35", StringComparison.Ordinal))
        {
            f.Add(domain.Element("vcpu"), Diagnoses.TooManyVcpusForMachineType(m));
        }
    }

    /// <summary>pSeries plugs vCPUs a core at a time, so the current count must be a multiple of threads.</summary>
    private static void HotplugGranularity(XElement domain, XElement? cpu, DomainFacts d, Findings f)
    {
        if (d.Arch is not ("ppc64" or "ppc64le") || d.Machine?.StartsWith("pseries", StringComparison.Ordinal) != true) return;
        if (cpu?.Element("topology")?.Attribute("threads") is not { } ta || Number(ta.Value) is not (> 1 and var threads)) return;
        if ((d.CurrentVcpus ?? d.MaxVcpus) is { } count && count % threads != 0)
        {
            f.Add(domain.Element("vcpu"), Diagnoses.VcpusNotMultipleOfThreadsPerCore(count, threads));
        }
    }

    private static void QemuCpu(XElement domain, XElement? cpu, Findings f)
    {
        var qemuModel = domain.Element(Qemu + "cpu")?.Element(Qemu + "model");
        if (qemuModel?.Attribute("name")?.Value is not { Length: > 0 } qname) return;
        if (cpu?.Element("model") is { } model && model.Value.Length > 0)
        {
            f.Add(qemuModel, Diagnoses.QemuModelAndCpuModel(qname, $"model '{model.Value}'"));
        }
        else if (CpuNames.ParseMode(cpu?.Attribute("mode")?.Value.Trim() ?? "custom") is { } mode && mode != CpuMode.Custom)
        {
            f.Add(qemuModel, Diagnoses.QemuModelAndCpuModel(qname, $"mode '{CpuNames.Of(mode)}'"));
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

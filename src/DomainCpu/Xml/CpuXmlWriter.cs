using DomainCpu.Model;

namespace DomainCpu.Xml;

/// <summary>
/// Writes a CPU in libvirt's canonical form (SPEC §1.5, §11): attribute and child order, single quotes,
/// defaults written or left out exactly as libvirt does, indentation relative to where the element sits.
/// </summary>
internal static class CpuXmlWriter
{
    /// <summary>Formats the CPU. Returns null when libvirt would write nothing (no attributes and no children).</summary>
    /// <param name="cpu">The CPU.</param>
    /// <param name="baseIndent">The indentation of the line the element starts on (not written before the first line).</param>
    /// <param name="newline">The line break to use.</param>
    /// <param name="unit">One level of indentation (libvirt uses two spaces).</param>
    /// <param name="grammar">The CPU XML of the libvirt release to write as; null writes as the newest release.</param>
    public static string? Write(CpuDefinition cpu, string baseIndent = "", string newline = "\n", string unit = "  ", CpuXmlGrammar? grammar = null)
    {
        grammar ??= CpuXmlGrammar.Newest;
        var x = new XmlLines(baseIndent, unit, newline);
        var guest = cpu.Type == CpuType.Guest;
        var attrs = guest && (cpu.Mode != CpuMode.Custom || cpu.ModelName is not null);
        if (attrs)
        {
            x.Attr("mode", CpuNames.Of(cpu.Mode));
            if (cpu.Mode == CpuMode.Custom) x.Attr("match", CpuNames.Of(cpu.Match ?? CpuMatch.Exact));
            if (cpu.Check is { } check) x.Attr("check", CpuNames.Of(check));
            if (cpu.Migratable is { } mig && cpu.Mode is CpuMode.HostPassthrough or CpuMode.Maximum)
            {
                x.Attr("migratable", mig ? "on" : "off");
            }
            if (cpu.DeprecatedFeatures is { } dep && grammar.Has(CpuXmlAddition.DeprecatedFeatures)) x.Attr("deprecated_features", dep ? "on" : "off");
        }
        if (!HasChildren(cpu))
        {
            if (!attrs) return null;
            x.Empty("cpu");
            return x.ToString();
        }
        x.Open("cpu");
        WriteChildren(cpu, x, grammar);
        x.Close("cpu");
        return x.ToString();
    }

    /// <summary>Formats the <c>&lt;cpu&gt;</c> of host capabilities: arch, the <c>&lt;features&gt;</c> flags, the
    /// host CPU, then the page sizes (SPEC §2.1).</summary>
    /// <param name="host">The host CPU with its capability-level parts.</param>
    /// <param name="baseIndent">The indentation of the line the element starts on.</param>
    /// <param name="newline">The line break to use.</param>
    /// <param name="unit">One level of indentation.</param>
    /// <param name="grammar">The CPU XML of the libvirt release to write as; null writes as the newest release.</param>
    public static string WriteHost(HostCpu host, string baseIndent = "", string newline = "\n", string unit = "  ", CpuXmlGrammar? grammar = null)
    {
        var cpu = host.Cpu with { Type = CpuType.Host };
        var x = new XmlLines(baseIndent, unit, newline);
        x.Open("cpu");
        if (cpu.Arch is not null) x.TextElement("arch", cpu.Arch);
        if (!host.FeatureFlags.IsEmpty)
        {
            x.Open("features");
            foreach (var flag in host.FeatureFlags) x.Empty(flag);
            x.Close("features");
        }
        WriteChildren(cpu with { Arch = null }, x, grammar ?? CpuXmlGrammar.Newest);
        foreach (var p in host.Pages) x.Attr("unit", p.Unit).Attr("size", p.Size).Empty("pages");
        x.Close("cpu");
        return x.ToString();
    }

    private static bool WritesModel(CpuDefinition cpu) =>
        cpu.Type == CpuType.Host
            ? cpu.ModelName is not null
            : cpu.Mode is CpuMode.Custom or CpuMode.HostModel && (cpu.ModelName is not null || cpu.Model?.VendorId is not null);

    private static bool WritesVendor(CpuDefinition cpu) =>
        cpu.Vendor is not null && (cpu.Type == CpuType.Host || cpu.Mode is CpuMode.Custom or CpuMode.HostModel);

    private static bool WritesTopology(CpuDefinition cpu) =>
        cpu.Topology is { Sockets: > 0, Dies: > 0, Cores: > 0, Threads: > 0 };

    private static bool HasChildren(CpuDefinition cpu) =>
        cpu.Arch is not null && cpu.Type == CpuType.Host || WritesModel(cpu) || WritesVendor(cpu) ||
        cpu.Type == CpuType.Host && (cpu.Microcode is not null || cpu.Signature is not null || cpu.Counter is not null) ||
        WritesTopology(cpu) || cpu.Cache is not null || cpu.MaxPhysAddr is not null || !cpu.Features.IsEmpty ||
        cpu.Type == CpuType.Guest && cpu.Numa is not null;

    private static void WriteChildren(CpuDefinition cpu, XmlLines x, CpuXmlGrammar grammar)
    {
        var host = cpu.Type == CpuType.Host;
        if (host && cpu.Arch is not null) x.TextElement("arch", cpu.Arch);
        if (WritesModel(cpu))
        {
            if (host)
            {
                x.TextElement("model", cpu.ModelName!);
            }
            else
            {
                var name = cpu.ModelName;
                if (name is not null) x.Attr("fallback", CpuNames.Of(cpu.Model!.Fallback ?? CpuFallback.Allow));
                x.Attr("vendor_id", cpu.Model!.VendorId);
                if (name is null) x.Empty("model");
                else x.TextElement("model", name);
            }
        }
        if (WritesVendor(cpu)) x.TextElement("vendor", cpu.Vendor!);
        if (host)
        {
            if (cpu.Microcode is { } mc) x.Attr("version", mc).Empty("microcode");
            if (cpu.Signature is { } sig) x.Attr("family", sig.Family).Attr("model", sig.Model).Attr("stepping", sig.Stepping).Empty("signature");
            if (cpu.Counter is { } c)
            {
                x.Attr("name", c.Name).Attr("frequency", c.Frequency);
                if (c.Scaling is { } s) x.Attr("scaling", s ? "yes" : "no");
                x.Empty("counter");
            }
        }
        if (WritesTopology(cpu))
        {
            var t = cpu.Topology!;
            // A release with clusters writes them on every topology, 1 when not given.
            uint? clusters = grammar.Has(CpuXmlAddition.TopologyClusters) ? t.Clusters ?? 1 : null;
            x.Attr("sockets", t.Sockets).Attr("dies", t.Dies).Attr("clusters", clusters).Attr("cores", t.Cores).Attr("threads", t.Threads).Empty("topology");
        }
        if (cpu.Cache is { } cache) x.Attr("level", cache.Level).Attr("mode", CpuNames.Of(cache.Mode)).Empty("cache");
        if (cpu.MaxPhysAddr is { } mpa)
        {
            var limit = grammar.Has(CpuXmlAddition.MaxPhysAddrLimit) ? mpa.Limit : null;
            x.Attr("mode", CpuNames.Of(mpa.Mode)).Attr("bits", mpa.Bits).Attr("limit", limit).Empty("maxphysaddr");
        }
        foreach (var f in cpu.Features)
        {
            if (!host) x.Attr("policy", CpuNames.Of(f.Policy ?? FeaturePolicy.Require));
            x.Attr("name", f.Name).Empty("feature");
        }
        if (!host && cpu.Numa is { } numa) WriteNuma(numa, x);
    }

    private static void WriteNuma(NumaTopology numa, XmlLines x)
    {
        x.Open("numa");
        foreach (var cell in numa.Cells.OrderBy(c => c.Id ?? 0))
        {
            x.Attr("id", cell.Id).Attr("cpus", cell.Cpus).Attr("memory", cell.MemoryKiB).Attr("unit", "KiB")
                .Attr("memAccess", cell.MemAccess).Attr("discard", cell.Discard);
            if (cell.Distances.IsEmpty && cell.Caches.IsEmpty)
            {
                x.Empty("cell");
                continue;
            }
            x.Open("cell");
            if (!cell.Distances.IsEmpty)
            {
                x.Open("distances");
                foreach (var d in cell.Distances) x.Attr("id", d.Id).Attr("value", d.Value).Empty("sibling");
                x.Close("distances");
            }
            foreach (var c in cell.Caches)
            {
                x.Attr("level", c.Level).Attr("associativity", c.Associativity).Attr("policy", c.Policy).Open("cache");
                x.Attr("value", c.SizeKiB).Attr("unit", "KiB").Empty("size");
                x.Attr("value", c.LineBytes).Attr("unit", "B").Empty("line");
                x.Close("cache");
            }
            x.Close("cell");
        }
        if (!numa.Interconnects.IsEmpty)
        {
            x.Open("interconnects");
            foreach (var i in numa.Interconnects)
            {
                x.Attr("initiator", i.Initiator).Attr("target", i.Target).Attr("cache", i.Cache).Attr("type", i.Type).Attr("value", i.Value);
                if (i.Kind == "bandwidth") x.Attr("unit", "KiB");
                x.Empty(i.Kind);
            }
            x.Close("interconnects");
        }
        x.Close("numa");
    }
}

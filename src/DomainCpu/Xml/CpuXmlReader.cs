using System.Collections.Immutable;
using System.Xml.Linq;
using DomainCpu.Model;
using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>
/// Reads a <c>&lt;cpu&gt;</c> element into a <see cref="CpuDefinition"/> the way libvirt's parser does
/// (SPEC §1–§4): what it accepts, what it ignores, and what it refuses, each refusal with its position.
/// </summary>
internal static class CpuXmlReader
{
    /// <summary>Reads a guest or host CPU. With <paramref name="type"/> null the kind is decided by the
    /// presence of <c>&lt;arch&gt;</c> (libvirt's AUTO parse of standalone documents).</summary>
    /// <param name="cpu">The <c>&lt;cpu&gt;</c> element, loaded with line information.</param>
    /// <param name="type">Guest, host, or null for automatic.</param>
    /// <param name="file">The file name for findings.</param>
    /// <param name="limits">Bounds on feature and cell counts; the defaults when null.</param>
    /// <param name="warnings">Receives non-fatal findings (such as the deprecated feature form); may be null.</param>
    /// <param name="readNuma">Whether <c>&lt;numa&gt;</c> is read: a domain's CPU has it, libvirt ignores it in a
    /// standalone <c>&lt;cpu&gt;</c> document.</param>
    /// <param name="hostModelRequired">Whether a host CPU must name a model (libvirt requires one in the inputs of
    /// compare and baseline; host capabilities of a CPU libvirt cannot name have none).</param>
    /// <param name="grammar">The CPU XML of the libvirt release to read as: what it lacks is refused, naming the release
    /// that added it; null reads as the newest release.</param>
    /// <exception cref="DomainCpuException">libvirt would refuse the element.</exception>
    public static CpuDefinition Read(XElement cpu, CpuType? type, string file, InputLimits? limits = null, ICollection<Diagnostic>? warnings = null,
        bool readNuma = true, bool hostModelRequired = true, CpuXmlGrammar? grammar = null)
    {
        limits ??= InputLimits.Default;
        grammar ??= CpuXmlGrammar.Newest;
        var v = new XmlValues(file);
        if (cpu.Name.LocalName != "cpu")
        {
            throw v.Error(cpu, Diagnoses.NotACpu());
        }
        var archEl = cpu.Element("arch");
        var kind = type ?? (archEl is not null ? CpuType.Host : CpuType.Guest);
        if (type is null && archEl is not null && cpu.Attribute("match") is { } m)
        {
            throw v.Error(m, Diagnoses.ArchWithMatch());
        }

        var def = new CpuDefinition { Type = kind };
        def = kind == CpuType.Guest ? ReadGuestAttributes(cpu, def, v, grammar) : ReadHostHeader(cpu, def, v, hostModelRequired);

        var modelEl = cpu.Element("model");
        if (modelEl is not null)
        {
            def = def with { Model = ReadModel(modelEl, def, v) };
        }

        if (cpu.Element("vendor") is { } vendorEl)
        {
            var vendor = vendorEl.Value;
            if (def.ModelName is null && vendor.Length > 0)
            {
                throw v.Error(vendorEl, Diagnoses.VendorSpecifiedWithoutModel());
            }
            if (vendor.Length > 0) def = def with { Vendor = vendor };
        }

        if (cpu.Element("topology") is { } topo) def = def with { Topology = ReadTopology(topo, v, grammar) };

        var caches = cpu.Elements("cache").ToList();
        if (caches.Count > 1) throw v.Error(caches[1], Diagnoses.SecondCache());
        if (caches.Count == 1) def = def with { Cache = ReadCache(caches[0], v) };

        if (cpu.Element("maxphysaddr") is { } mpa) def = def with { MaxPhysAddr = ReadMaxPhysAddr(mpa, v, grammar) };

        def = def with { Features = ReadFeatures(cpu, def, v, limits, warnings) };

        if (kind == CpuType.Guest && readNuma && cpu.Element("numa") is { } numa)
        {
            def = def with { Numa = NumaXmlReader.Read(numa, v, limits) };
        }
        return def;
    }

    /// <summary>The attribute an addition the grammar lacks, refused; null when absent.</summary>
    private static XAttribute? Added(XElement e, string name, CpuXmlAddition addition, CpuXmlGrammar grammar, XmlValues v)
    {
        var a = e.Attribute(name);
        if (a is not null && grammar.AddedIn(addition) is { } since)
        {
            throw v.Error(a, Diagnoses.NeedsRelease(name, since, grammar.Release));
        }
        return a;
    }

    private static CpuDefinition ReadGuestAttributes(XElement cpu, CpuDefinition def, XmlValues v, CpuXmlGrammar grammar)
    {
        var mode = CpuMode.Custom;
        if (cpu.Attribute("mode") is { } modeAttr)
        {
            mode = CpuNames.ParseMode(modeAttr.Value) ??
                throw v.Error(modeAttr, Diagnoses.InvalidMode(modeAttr.Value));
        }
        def = def with { Mode = mode };

        if (cpu.Attribute("match") is { } matchAttr)
        {
            def = def with
            {
                Match = CpuNames.ParseMatch(matchAttr.Value) ??
                    throw v.Error(matchAttr, Diagnoses.InvalidCpuAttribute("match", matchAttr.Value)),
            };
        }
        if (cpu.Attribute("check") is { } checkAttr && checkAttr.Value != "default")
        {
            def = def with
            {
                Check = CpuNames.ParseCheck(checkAttr.Value) ??
                    throw v.Error(checkAttr, Diagnoses.InvalidCpuAttribute("check", checkAttr.Value)),
            };
        }
        if (cpu.Attribute("migratable") is { } migAttr)
        {
            bool? mig = migAttr.Value switch { "on" => true, "off" => false, _ => null };
            if (mig is null)
            {
                throw v.Error(migAttr, Diagnoses.InvalidCpuAttribute("migratable", migAttr.Value));
            }
            if (mode is not (CpuMode.HostPassthrough or CpuMode.Maximum))
            {
                throw v.Error(migAttr, Diagnoses.MigratableOnlyForPassthrough());
            }
            def = def with { Migratable = mig };
        }
        if (Added(cpu, "deprecated_features", CpuXmlAddition.DeprecatedFeatures, grammar, v) is { } dep)
        {
            bool? on = dep.Value switch { "on" => true, "off" => false, _ => null };
            def = def with
            {
                DeprecatedFeatures = on ??
                    throw v.Error(dep, Diagnoses.InvalidCpuAttribute("deprecated_features", dep.Value)),
            };
        }
        return def;
    }

    private static CpuDefinition ReadHostHeader(XElement cpu, CpuDefinition def, XmlValues v, bool modelRequired)
    {
        if (cpu.Attribute("mode") is { } modeAttr)
        {
            throw v.Error(modeAttr, Diagnoses.ModeOnHostCpu());
        }
        var archEl = cpu.Element("arch");
        if (archEl is null || archEl.Value.Length == 0)
        {
            throw v.Error(archEl ?? cpu, Diagnoses.MissingArchitecture());
        }
        if (!KnownArchitectures.Contains(archEl.Value))
        {
            throw v.Error(archEl, Diagnoses.UnknownArchitecture(archEl.Value));
        }
        var modelEl = cpu.Element("model");
        if (modelRequired && (modelEl is null || modelEl.Value.Length == 0))
        {
            throw v.Error(modelEl ?? cpu, Diagnoses.MissingModelName());
        }
        def = def with { Arch = archEl.Value };
        if (cpu.Element("microcode") is { } mc)
        {
            def = def with { Microcode = v.ULong(mc, "version", DiagnosticCatalogue.HostCpuInvalid, required: true) };
        }
        if (cpu.Element("signature") is { } sig)
        {
            var family = v.UInt(sig, "family", DiagnosticCatalogue.HostCpuInvalid, required: true, nonZero: true)!.Value;
            var model = v.UInt(sig, "model", DiagnosticCatalogue.HostCpuInvalid, required: true)!.Value;
            var stepping = v.UInt(sig, "stepping", DiagnosticCatalogue.HostCpuInvalid, required: true)!.Value;
            def = def with { Signature = new CpuSignature(family, model, stepping) };
        }
        if (cpu.Element("counter") is { } counter)
        {
            var name = XmlValues.Attr(counter, "name") ?? throw v.Error(counter, Diagnoses.MissingAttribute(DiagnosticCatalogue.HostCpuInvalid, "name", "counter"));
            var freq = v.ULong(counter, "frequency", DiagnosticCatalogue.HostCpuInvalid, required: true)!.Value;
            bool? scaling = XmlValues.Attr(counter, "scaling") switch
            {
                null => null,
                "yes" => true,
                "no" => false,
                var s => throw v.Error(counter.Attribute("scaling"), Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.HostCpuInvalid, "scaling", "counter", s)),
            };
            def = def with { Counter = new CpuCounter(name, freq, scaling) };
        }
        return def;
    }

    private static CpuModelName ReadModel(XElement modelEl, CpuDefinition def, XmlValues v)
    {
        var name = modelEl.Value;
        CpuFallback? fallback = null;
        string? vendorId = null;
        if (def.Type == CpuType.Guest && def.Mode is CpuMode.Custom or CpuMode.HostModel)
        {
            if (modelEl.Attribute("fallback") is { } fb)
            {
                fallback = CpuNames.ParseFallback(fb.Value) ?? throw v.Error(fb, Diagnoses.InvalidFallback());
            }
            if (modelEl.Attribute("vendor_id") is { } vid && vid.Value.Length > 0)
            {
                // CPUID carries the vendor in 12 bytes; libvirt counts bytes, not characters.
                if (System.Text.Encoding.UTF8.GetByteCount(vid.Value) != 12) throw v.Error(vid, Diagnoses.VendorIdNotTwelve());
                if (vid.Value.Contains(',')) throw v.Error(vid, Diagnoses.VendorIdInvalid());
                vendorId = vid.Value;
            }
        }
        return new CpuModelName(name.Length == 0 ? null : name, fallback, vendorId);
    }

    private static CpuTopology ReadTopology(XElement topo, XmlValues v, CpuXmlGrammar grammar)
    {
        var sockets = v.UInt(topo, "sockets", DiagnosticCatalogue.TopologyInvalid, required: true, nonZero: true)!.Value;
        var dies = v.UInt(topo, "dies", DiagnosticCatalogue.TopologyInvalid, nonZero: true) ?? 1;
        Added(topo, "clusters", CpuXmlAddition.TopologyClusters, grammar, v);
        // A release with clusters defaults them to 1, as dies; one without has none.
        var clusters = v.UInt(topo, "clusters", DiagnosticCatalogue.TopologyInvalid, nonZero: true) ?? (grammar.Has(CpuXmlAddition.TopologyClusters) ? 1u : null);
        var cores = v.UInt(topo, "cores", DiagnosticCatalogue.TopologyInvalid, required: true, nonZero: true)!.Value;
        var threads = v.UInt(topo, "threads", DiagnosticCatalogue.TopologyInvalid, required: true, nonZero: true)!.Value;
        var t = new CpuTopology(sockets, dies, clusters, cores, threads);
        if (t.LogicalCpus > uint.MaxValue)
        {
            throw v.Error(topo, Diagnoses.TopologyOverflow());
        }
        return t;
    }

    private static CpuCache ReadCache(XElement cache, XmlValues v)
    {
        uint? level = null;
        if (cache.Attribute("level") is { } la)
        {
            var l = v.ParseULong(la, la.Value, DiagnosticCatalogue.CacheInvalid, uint.MaxValue, "attribute 'level' in element 'cache'");
            if (l is < 1 or > 3) throw v.Error(la, Diagnoses.CacheLevelRange());
            level = (uint)l;
        }
        var modeAttr = cache.Attribute("mode") ?? throw v.Error(cache, Diagnoses.MissingAttribute(DiagnosticCatalogue.CacheInvalid, "mode", "cache"));
        var mode = CpuNames.ParseCacheMode(modeAttr.Value) ??
            throw v.Error(modeAttr, Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.CacheInvalid, "mode", "cache", modeAttr.Value));
        return new CpuCache(level, mode);
    }

    private static MaxPhysAddr ReadMaxPhysAddr(XElement e, XmlValues v, CpuXmlGrammar grammar)
    {
        var modeAttr = e.Attribute("mode") ?? throw v.Error(e, Diagnoses.MissingAttribute(DiagnosticCatalogue.MaxPhysAddrInvalid, "mode", "maxphysaddr"));
        var mode = CpuNames.ParseMaxPhysAddrMode(modeAttr.Value) ??
            throw v.Error(modeAttr, Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.MaxPhysAddrInvalid, "mode", "maxphysaddr", modeAttr.Value));
        var bits = v.UInt(e, "bits", DiagnosticCatalogue.MaxPhysAddrInvalid);
        if (Added(e, "limit", CpuXmlAddition.MaxPhysAddrLimit, grammar, v) is not { } limitAttr) return new MaxPhysAddr(mode, bits);
        var limit = v.UInt(e, "limit", DiagnosticCatalogue.MaxPhysAddrLimitInvalid, nonZero: true);
        if (mode != MaxPhysAddrMode.Passthrough) throw v.Error(limitAttr, Diagnoses.MaxPhysAddrLimitNotPassthrough());
        return new MaxPhysAddr(mode, bits, limit);
    }

    private static ImmutableArray<CpuFeature> ReadFeatures(XElement cpu, CpuDefinition def, XmlValues v, InputLimits limits, ICollection<Diagnostic>? warnings)
    {
        var elements = cpu.Elements("feature").ToList();
        if (elements.Count == 0) return ImmutableArray<CpuFeature>.Empty;
        if (elements.Count > limits.MaxFeatures)
        {
            throw v.Error(elements[limits.MaxFeatures], Diagnoses.TooManyFeatures(limits.MaxFeatures));
        }
        if (def.Type == CpuType.Guest && def.Mode == CpuMode.Custom && def.ModelName is null)
        {
            throw v.Error(elements[0], Diagnoses.FeatureListWithoutModel());
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = ImmutableArray.CreateBuilder<CpuFeature>(elements.Count);
        foreach (var fe in elements)
        {
            FeaturePolicy? policy = null;
            if (def.Type == CpuType.Guest)
            {
                policy = ReadPolicy(fe, v, warnings);
            }
            var name = XmlValues.Attr(fe, "name");
            if (string.IsNullOrEmpty(name)) throw v.Error(fe, Diagnoses.InvalidFeatureName());
            if (!seen.Add(name)) throw v.Error(fe, Diagnoses.FeatureSpecifiedTwice(name));
            list.Add(new CpuFeature(name, policy));
        }
        return list.MoveToImmutable();
    }

    private static FeaturePolicy ReadPolicy(XElement fe, XmlValues v, ICollection<Diagnostic>? warnings)
    {
        if (fe.Attribute("policy") is { } pa)
        {
            return CpuNames.ParsePolicy(pa.Value) ?? throw v.Error(pa, Diagnoses.InvalidFeaturePolicy());
        }
        var modeAttr = fe.Attribute("mode");
        if (modeAttr is null) return FeaturePolicy.Require;
        // The feature form of the original design (mode='set|check' value='on|off'), kept readable.
        var value = XmlValues.Attr(fe, "value") ?? "on";
        FeaturePolicy? mapped = (modeAttr.Value, value) switch
        {
            ("set", "on") => FeaturePolicy.Force,
            ("set", "off") => FeaturePolicy.Disable,
            ("check", "on") => FeaturePolicy.Require,
            ("check", "off") => FeaturePolicy.Forbid,
            _ => null,
        };
        if (mapped is null)
        {
            throw v.Error(modeAttr, Diagnoses.InvalidFeatureMode(modeAttr.Value, value));
        }
        warnings?.Add(Diagnoses.DeprecatedFeatureForm(modeAttr.Value, value, CpuNames.Of(mapped.Value)).At(v.File, SourcePosition.Of(fe)));
        return mapped.Value;
    }

    /// <summary>The architecture names libvirt knows (virArch).</summary>
    internal static readonly HashSet<string> KnownArchitectures = new(StringComparer.Ordinal)
    {
        "none", "alpha", "armv6l", "armv7l", "armv7b", "aarch64", "cris", "i686", "ia64", "lm32", "loongarch64",
        "m68k", "microblaze", "microblazeel", "mips", "mipsel", "mips64", "mips64el", "openrisc", "parisc",
        "parisc64", "ppc", "ppcle", "ppc64", "ppc64le", "ppcemb", "riscv32", "riscv64", "s390", "s390x", "sh4",
        "sh4eb", "sparc", "sparc64", "unicore32", "x86_64", "xtensa", "xtensaeb",
    };
}

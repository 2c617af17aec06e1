using System.Collections.Immutable;
using System.Globalization;
using System.Xml.Linq;
using DomainCpu.Model;
using DomainCpu.Schema;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;
using DomainCpu.Qemu;
using DomainCpu.Targets;

namespace DomainCpu.Start;

/// <summary>Reads an <see cref="ArgvDomain"/> from a domain document, refusing what libvirt's parser refuses in
/// the parts it reads (SPEC §6, §9, §10).</summary>
internal static class ArgvDomainReader
{
    /// <summary>Reads the domain. A domain libvirt would not have defined is refused with its first semantic error, as
    /// validation reports it, before anything else is read.</summary>
    /// <param name="doc">The domain.</param>
    /// <param name="warnings">Receives non-fatal findings; may be null.</param>
    /// <param name="libvirt">The libvirt release whose CPU XML the domain is read in and whose rules refuse it; null for
    /// the newest.</param>
    /// <exception cref="DomainCpuException">The document is not a domain, or libvirt would refuse it.</exception>
    public static ArgvDomain Read(DomainDocument doc, ICollection<Diagnostic>? warnings = null, LibvirtProfile? libvirt = null)
    {
        var root = doc.Root;
        if (doc.Kind != DocumentKind.Domain)
        {
            throw DomainCpuException.At(doc.File, SourcePosition.Of(root), Diagnoses.NotADomain(root.Name.LocalName));
        }
        libvirt ??= LibvirtProfile.Newest;
        if (Validator.FirstSemanticError(doc, libvirt) is { } refused) throw new DomainCpuException(refused);
        var positions = ImmutableDictionary.CreateBuilder<string, SourcePosition>();
        positions["domain"] = SourcePosition.Of(root);
        var cpuEl = root.Element("cpu");
        if (cpuEl is not null)
        {
            positions["cpu"] = SourcePosition.Of(cpuEl);
            foreach (var name in new[] { "model", "topology", "cache", "maxphysaddr" })
            {
                if (cpuEl.Element(name) is { } e) positions[name] = SourcePosition.Of(e);
            }
            foreach (var feature in cpuEl.Elements("feature"))
            {
                if (feature.Attribute("name")?.Value is { } name) positions.TryAdd(ArgvDomain.FeatureKey(name), SourcePosition.Of(feature));
            }
        }
        if (root.Element("vcpu") is { } vcpuEl)
        {
            positions["vcpu"] = SourcePosition.Of(vcpuEl);
            if (vcpuEl.Attribute("cpuset") is { } cpuset && CpuSet.Parse(cpuset.Value) is null)
            {
                throw DomainCpuException.At(doc.File, SourcePosition.Of(cpuset), Diagnoses.VcpuCpusetNotBitmap(cpuset.Value));
            }
        }
        if (root.Element("memoryBacking")?.Element("hugepages") is { } hugepages) positions["hugepages"] = SourcePosition.Of(hugepages);
        if (root.Element("cputune") is { } cputune) positions["cputune"] = SourcePosition.Of(cputune);
        var qemuCpuEl = QemuCpuXmlReader.Find(doc);
        if (qemuCpuEl is not null) positions["qemu:cpu"] = SourcePosition.Of(qemuCpuEl);
        var features = root.Element("features");
        if (features is not null) positions["features"] = SourcePosition.Of(features);
        var commandLine = root.Element(XName.Get("commandline", DomainDocument.QemuNamespace));
        if (commandLine is not null) positions[QemuCommandLineCheck.QemuArgsKey] = SourcePosition.Of(commandLine);

        var v = new XmlValues(doc.File);
        var numaTune = ReadNumatune(root, v);
        var info = doc.ReadDomainInfo();
        var vcpus = ReadVcpus(root, v);
        CheckThreadSched(root, v);
        var settings = ReadSettings(root, v);
        if (settings.Hyperv is { } hyperv && HypervDependencies.FirstUnmet(hyperv, settings.Timers, libvirt) is { } unmet)
        {
            var element = root.Element("features")!.Element("hyperv")!.Element(unmet.Enlightenment)!;
            throw v.Error(unmet.Direct ? element.Element("direct") : element,
                unmet.Timer ? Diagnoses.HypervNeedsTimer(unmet.Named, unmet.Needs) : Diagnoses.HypervNeedsFeature(unmet.Named, unmet.Needs));
        }
        return new ArgvDomain(
            doc.File,
            doc.ReadCpu(warnings, libvirt.CpuXml),
            qemuCpuEl is null ? null : QemuCpuXmlReader.Read(qemuCpuEl, doc.File),
            info,
            settings,
            vcpus,
            root.Element("devices")?.Element("emulator")?.Value.Trim(),
            ReadTaintFacts(root),
            ReadHugepageNodes(root, v),
            positions.ToImmutable(),
            numaTune,
            ReadMemoryBacking(root, v),
            ReadThreadTuning(root, v, numaTune, info, vcpus),
            [.. commandLine?.Elements(XName.Get("arg", DomainDocument.QemuNamespace)).Select(a => a.Attribute("value")?.Value ?? "") ?? []],
            root.Element("name")?.Value.Trim());
    }

    /// <summary>What libvirt applies to the QEMU threads once QEMU runs (<c>qemuProcessInitCpuAffinity</c>,
    /// <c>qemuProcessSetupEmulator</c>, <c>qemuSetupGlobalCpuCgroup</c>, <c>qemuProcessSetupVcpus</c>,
    /// <c>qemuProcessSetupIOThreads</c>, in that order).</summary>
    private static ThreadTuning ReadThreadTuning(XElement root, XmlValues v, NumaTune numaTune, DomainInfo info, ImmutableArray<VcpuState> vcpus)
    {
        var vcpuEl = root.Element("vcpu");
        var auto = vcpuEl is not null && XmlValues.Attr(vcpuEl, "placement") == "auto";
        var needsAdvice = auto || numaTune.AutoPlacement;
        var cputune = root.Element("cputune");
        var defaultSet = auto ? null : vcpuEl is null ? null : XmlValues.Attr(vcpuEl, "cpuset");
        if (cputune is null && defaultSet is null) return new ThreadTuning(needsAdvice, []);
        var steps = new List<ThreadStep>();
        void Pin(string thread, string? set)
        {
            if (set is not null && CpuSet.Parse(set) is { } cpus) steps.Add(new ThreadStep(thread, cpus.ToImmutableSortedSet(), set));
        }
        bool Quota(string period, string quota) =>
            new[] { period, quota }.Any(name => cputune?.Element(name) is { } e && e.Value.Trim() is var t && t.Length > 0 && t != "0");
        string? PinOf(string element, string attribute, uint id) => cputune?.Elements(element)
            .FirstOrDefault(e => XmlValues.Attr(e, attribute) == id.ToString(CultureInfo.InvariantCulture)) is { } pin ? XmlValues.Attr(pin, "cpuset") : null;

        var emulatorPin = cputune?.Element("emulatorpin") is { } ep ? XmlValues.Attr(ep, "cpuset") : null;
        Pin("emulator", emulatorPin);
        if (Quota("emulator_period", "emulator_quota")) steps.Add(ThreadStep.Quota("emulator"));
        if (emulatorPin is null) Pin("emulator", defaultSet);
        if (Quota("global_period", "global_quota")) steps.Add(ThreadStep.Quota("domain"));
        if (Quota("period", "quota")) steps.Add(ThreadStep.Quota("vCPUs"));
        var online = !vcpus.IsEmpty
            ? vcpus.Where(s => s.Enabled).Select(s => s.Id).Order().ToList()
            : Enumerable.Range(0, (int)(info.CurrentVcpus ?? info.MaxVcpus ?? 1)).Select(i => (uint)i).ToList();
        foreach (var id in online) Pin($"vCPU {id}", PinOf("vcpupin", "vcpu", id) ?? defaultSet);
        if (Quota("iothread_period", "iothread_quota")) steps.Add(ThreadStep.Quota("I/O threads"));
        foreach (var id in IothreadIds(root, v).Order()) Pin($"I/O thread {id}", PinOf("iothreadpin", "iothread", (uint)id) ?? defaultSet);
        return new ThreadTuning(needsAdvice, steps.ToImmutableArray());
    }

    private static CpuAffectingSettings ReadSettings(XElement root, XmlValues v)
    {
        var features = root.Element("features");
        var timers = root.Element("clock")?.Elements("timer").Select(t => new ClockTimer(
            XmlValues.Attr(t, "name") ?? throw v.Error(t, Diagnoses.TimerWithoutName()),
            YesNo(t, "present", v),
            v.ULong(t, "frequency", DiagnosticCatalogue.ClockOrFeatureInvalid),
            XmlValues.Attr(t, "tickpolicy"))).ToImmutableArray() ?? ImmutableArray<ClockTimer>.Empty;
        bool? eoi = features?.Element("apic") is { } apic ? OnOff(apic, "eoi", v) : null;
        bool? pvspin = features?.Element("pvspinlock") is { } pv ? OnOff(pv, "state", v) ?? true : null;
        bool? pmu = features?.Element("pmu") is { } p ? OnOff(p, "state", v) ?? true : null;
        var hyperv = features?.Element("hyperv") is { } hv ? ReadHyperv(hv, v) : null;
        var kvm = features?.Element("kvm") is { } k ? ReadKvm(k, v) : null;
        var panic = root.Element("devices")?.Elements("panic").Any(e => XmlValues.Attr(e, "model") == "hyperv") ?? false;
        return new CpuAffectingSettings(timers, eoi, pvspin, hyperv, panic, kvm, pmu);
    }

    private static HypervSettings ReadHyperv(XElement hv, XmlValues v)
    {
        var mode = XmlValues.Attr(hv, "mode") ?? "custom";
        if (mode is not ("custom" or "passthrough"))
        {
            throw v.Error(hv.Attribute("mode"), Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.HypervInvalid, "mode", "hyperv", mode));
        }
        var list = ImmutableArray.CreateBuilder<HypervFeature>();
        foreach (var e in hv.Elements())
        {
            var name = e.Name.LocalName;
            if (!HypervSettings.Order.Contains(name))
            {
                throw v.Error(e, Diagnoses.HypervRefused($"unsupported HyperV Enlightenment feature: {name}"));
            }
            var state = OnOff(e, "state", v) ?? throw v.Error(e, Diagnoses.HypervRefused($"missing 'state' attribute for HyperV Enlightenment feature '{name}'"));
            var f = new HypervFeature(name, state);
            if (name == "spinlocks" && state)
            {
                var retries = v.UInt(e, "retries", DiagnosticCatalogue.HypervInvalid) ?? throw v.Error(e, Diagnoses.HypervRefused("missing HyperV spinlock retry count"));
                if (retries < 0xFFF) throw v.Error(e.Attribute("retries"), Diagnoses.HypervRefused("HyperV spinlock retry count must be at least 4095"));
                f = f with { Retries = retries };
            }
            if (name == "vendor_id" && state)
            {
                var value = XmlValues.Attr(e, "value") ?? throw v.Error(e, Diagnoses.HypervRefused("missing 'value' attribute for HyperV feature 'vendor_id'"));
                if (value.Length > 12) throw v.Error(e.Attribute("value"), Diagnoses.HypervRefused("HyperV vendor_id value must not be more than 12 characters."));
                if (!value.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '_' or '-'))
                {
                    throw v.Error(e.Attribute("value"), Diagnoses.HypervRefused("HyperV vendor_id value is invalid"));
                }
                f = f with { Value = value };
            }
            if (name == "stimer" && state && e.Element("direct") is { } direct)
            {
                f = f with { StimerDirect = OnOff(direct, "state", v) ?? throw v.Error(direct, Diagnoses.HypervRefused("missing 'state' attribute for HyperV stimer 'direct' feature")) };
            }
            if (name == "tlbflush" && state)
            {
                bool? Part(string child) => e.Element(child) is { } c
                    ? OnOff(c, "state", v) ?? throw v.Error(c, Diagnoses.HypervRefused($"missing 'state' attribute for HyperV tlbflush '{child}' feature"))
                    : null;
                f = f with { TlbflushDirect = Part("direct"), TlbflushExtended = Part("extended") };
            }
            list.Add(f);
        }
        return new HypervSettings(mode == "passthrough", list.ToImmutable());
    }

    private static KvmSettings ReadKvm(XElement k, XmlValues v)
    {
        bool? Feature(string name)
        {
            var e = k.Element(name);
            if (e is null) return null;
            return OnOff(e, "state", v) ?? throw v.Error(e, Diagnoses.KvmFeatureWithoutState(name));
        }
        foreach (var e in k.Elements())
        {
            if (e.Name.LocalName is not ("hidden" or "hint-dedicated" or "poll-control" or "pv-ipi" or "dirty-ring"))
            {
                throw v.Error(e, Diagnoses.KvmFeatureUnsupported(e.Name.LocalName));
            }
        }
        return new KvmSettings(Feature("hidden"), Feature("hint-dedicated"), Feature("poll-control"), Feature("pv-ipi"));
    }

    private static ImmutableArray<VcpuState> ReadVcpus(XElement root, XmlValues v)
    {
        var vcpus = root.Element("vcpus");
        if (vcpus is null) return ImmutableArray<VcpuState>.Empty;
        return vcpus.Elements("vcpu").Select(e => new VcpuState(
            v.UInt(e, "id", DiagnosticCatalogue.VcpuStateInvalid, required: true)!.Value,
            YesNo(e, "enabled", v) ?? throw v.Error(e, Diagnoses.VcpuWithoutEnabledState()),
            YesNo(e, "hotpluggable", v))).ToImmutableArray();
    }

    /// <summary>The host nodes <c>&lt;numatune&gt;</c> names, after the parse-time refusals of libvirt's numa_conf,
    /// which stop the domain before any argument is built.</summary>
    private static NumaTune ReadNumatune(XElement root, XmlValues v)
    {
        var numatune = root.Element("numatune");
        if (numatune is null)
        {
            return XmlValues.Attr(root.Element("vcpu") ?? root, "placement") == "auto" ? NumaTune.None with { AutoPlacement = true } : NumaTune.None;
        }
        var memory = numatune.Element("memory");
        var memnodes = numatune.Elements("memnode").ToList();
        var sets = new Dictionary<XElement, ImmutableArray<int>>();
        foreach (var e in memnodes.Prepend(memory).OfType<XElement>())
        {
            if (XmlValues.Attr(e, "nodeset") is not { } set) continue;
            if (CpuSet.Parse(set) is not { Count: > 0 } nodes)
            {
                throw v.Error(e.Attribute("nodeset"), Diagnoses.NumatuneRefused($"Invalid value of 'nodeset': {set}"));
            }
            sets[e] = nodes.ToImmutableArray();
        }
        var placement = memory is null ? null : XmlValues.Attr(memory, "placement") ??
            (memory.Attribute("nodeset") is null && XmlValues.Attr(root.Element("vcpu") ?? memory, "placement") == "auto" ? "auto" : "static");
        if (memory is not null && placement == "static" && !sets.ContainsKey(memory))
        {
            throw v.Error(memory, Diagnoses.NumatuneRefused("nodeset for NUMA memory tuning must be set if 'placement' is 'static'"));
        }
        if (memory is not null && memnodes.Count > 0)
        {
            if (placement == "auto")
            {
                throw v.Error(memnodes[0], Diagnoses.NumatuneRefused("Per-node binding is not compatible with automatic NUMA placement."));
            }
            if (XmlValues.Attr(memory, "mode") == "restrictive" && memnodes.FirstOrDefault(n => (XmlValues.Attr(n, "mode") ?? "strict") != "restrictive") is { } bad)
            {
                throw v.Error(bad, Diagnoses.NumatuneRefused("'restrictive' mode is required in memnode element when mode is 'restrictive' in memory element"));
            }
        }
        var cells = ImmutableSortedDictionary.CreateBuilder<int, ImmutableArray<int>>();
        foreach (var n in memnodes)
        {
            if (sets.TryGetValue(n, out var nodes) && v.UInt(n, "cellid", DiagnosticCatalogue.NumatuneInvalid) is { } cell) cells[(int)cell] = nodes;
        }
        var memoryNodes = memory is not null && placement == "static" && sets.TryGetValue(memory, out var m) ? m : (ImmutableArray<int>?)null;
        return new NumaTune(memoryNodes, cells.ToImmutable(), memory is not null && placement == "auto");
    }

    /// <summary>libvirt refuses <c>&lt;vcpusched&gt;</c> (and <c>&lt;iothreadsched&gt;</c>) elements whose thread sets
    /// overlap, and an <c>&lt;iothreadsched&gt;</c> naming an I/O thread the domain does not have.</summary>
    private static void CheckThreadSched(XElement root, XmlValues v)
    {
        CheckThreadSched(root, v, "vcpusched", "vcpus", _ => null);
        var iothreads = IothreadIds(root, v);
        CheckThreadSched(root, v, "iothreadsched", "iothreads", id => iothreads.Contains(id) ? null : Diagnoses.IothreadMissing(id));
    }

    private static void CheckThreadSched(XElement root, XmlValues v, string element, string attribute, Func<int, Diagnostic?> missing)
    {
        var seen = new HashSet<int>();
        foreach (var e in root.Element("cputune")?.Elements(element) ?? Enumerable.Empty<XElement>())
        {
            if (XmlValues.Attr(e, attribute) is not { } set || CpuSet.Parse(set) is not { } ids) continue;
            foreach (var id in ids)
            {
                if (missing(id) is { } why) throw v.Error(e, why);
                if (!seen.Add(id)) throw v.Error(e, Diagnoses.ThreadSetsOverlap(element, attribute));
            }
        }
    }

    /// <summary>The I/O thread ids: those of <c>&lt;iothreadids&gt;</c>, then the lowest free ids from 1 up to the
    /// <c>&lt;iothreads&gt;</c> count.</summary>
    private static HashSet<int> IothreadIds(XElement root, XmlValues v)
    {
        var ids = (root.Element("iothreadids")?.Elements("iothread") ?? Enumerable.Empty<XElement>())
            .Select(e => (int)(v.UInt(e, "id", DiagnosticCatalogue.ThreadSchedulingInvalid, required: true) ?? 0)).ToHashSet();
        var count = root.Element("iothreads") is { } n && int.TryParse(n.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 0;
        for (var next = 1; ids.Count < count; next++) ids.Add(next);
        return ids;
    }

    private static ImmutableArray<int> ReadHugepageNodes(XElement root, XmlValues v)
    {
        var pages = root.Element("memoryBacking")?.Element("hugepages")?.Elements("page") ?? Enumerable.Empty<XElement>();
        var nodes = new SortedSet<int>();
        foreach (var p in pages)
        {
            if (XmlValues.Attr(p, "nodeset") is not { } set) continue;
            nodes.UnionWith(CpuSet.Parse(set) ?? throw v.Error(p.Attribute("nodeset"), Diagnoses.HugepageNodeset(set)));
        }
        return nodes.ToImmutableArray();
    }

    /// <summary>The huge pages of <c>&lt;memoryBacking&gt;</c>, sizes in KiB (a page without a size takes the host's
    /// default), and whether the memory comes from memfd.</summary>
    private static MemoryBacking ReadMemoryBacking(XElement root, XmlValues v)
    {
        var backing = root.Element("memoryBacking");
        if (backing?.Element("hugepages") is not { } hugepages) return MemoryBacking.None;
        var pages = hugepages.Elements("page").Select(p => new HugePage(
            PageSizeKiB(p, v),
            XmlValues.Attr(p, "nodeset") is { } set ? CpuSet.Parse(set)?.ToImmutableArray() ?? throw v.Error(p.Attribute("nodeset"), Diagnoses.HugepageNodeset(set)) : null)).ToList();
        if (pages.Count == 0) pages.Add(new HugePage(0, null));
        return new MemoryBacking(pages.ToImmutableArray(), XmlValues.Attr(backing.Element("source") ?? backing, "type") == "memfd");
    }

    /// <summary>A page's size in KiB (libvirt's scaled units: b, KB, k/KiB, MB, M/MiB, GB, G/GiB, …); 0 when not given.</summary>
    private static ulong PageSizeKiB(XElement page, XmlValues v)
    {
        if (XmlValues.Attr(page, "size") is not { } text) return 0;
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw v.Error(page.Attribute("size"), Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.HugepageNodesetInvalid, "size", "page", text));
        }
        var bytes = (XmlValues.Attr(page, "unit") ?? "KiB") switch
        {
            "b" or "byte" or "bytes" => 1UL,
            "KB" => 1000UL,
            "k" or "K" or "KiB" => 1024UL,
            "MB" => 1000UL * 1000,
            "m" or "M" or "MiB" => 1024UL * 1024,
            "GB" => 1000UL * 1000 * 1000,
            "g" or "G" or "GiB" => 1024UL * 1024 * 1024,
            "TB" => 1000UL * 1000 * 1000 * 1000,
            "t" or "T" or "TiB" => 1024UL * 1024 * 1024 * 1024,
            var unit => throw v.Error(page.Attribute("unit"), Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.HugepageNodesetInvalid, "unit", "page", unit)),
        };
        return (ulong)(((UInt128)size * bytes + 1023) / 1024);
    }

    private static ImmutableHashSet<string> ReadTaintFacts(XElement root)
    {
        var set = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var ns = DomainDocument.QemuNamespace;
        if (root.Elements(XName.Get("commandline", ns)).Any(c => c.Elements(XName.Get("arg", ns)).Any() || c.Elements(XName.Get("env", ns)).Any()))
        {
            set.Add(Taints.CustomArgv);
        }
        if (root.Elements(XName.Get("capabilities", ns)).Any(c => c.Elements().Any(e => e.Name == XName.Get("add", ns) || e.Name == XName.Get("del", ns))))
        {
            set.Add(Taints.CustomHypervisorFeature);
        }
        if (root.Elements(XName.Get("override", ns)).Any(c => c.Elements(XName.Get("device", ns)).Any())) set.Add(Taints.CustomDevice);
        if (root.Element("os")?.Element("dtb") is not null) set.Add(Taints.CustomDtb);
        var devices = root.Element("devices");
        if (devices is not null)
        {
            if (devices.Elements("interface").Any(i => i.Element("script") is not null)) set.Add(Taints.ShellScripts);
            if (devices.Elements("disk").Concat(devices.Elements("hostdev")).Any(d => XmlValues.Attr(d, "rawio") == "yes"))
            {
                set.Add(Taints.HighPrivileges);
            }
            if (devices.Elements("disk").Any(d => XmlValues.Attr(d, "device") == "cdrom" && XmlValues.Attr(d, "type") == "block" &&
                                                  d.Element("source")?.Attribute("dev") is not null))
            {
                set.Add(Taints.CdromPassthrough);
            }
        }
        return set.ToImmutable();
    }

    private static bool? OnOff(XElement e, string name, XmlValues v) => XmlValues.Attr(e, name) switch
    {
        null => null,
        "on" => true,
        "off" => false,
        var s => throw v.Error(e.Attribute(name), Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.ClockOrFeatureInvalid, name, e.Name.LocalName, s)),
    };

    private static bool? YesNo(XElement e, string name, XmlValues v) => XmlValues.Attr(e, name) switch
    {
        null => null,
        "yes" => true,
        "no" => false,
        var s => throw v.Error(e.Attribute(name), Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.ClockOrFeatureInvalid, name, e.Name.LocalName, s)),
    };

    internal static string Invariant(ulong n) => n.ToString(CultureInfo.InvariantCulture);
}

using DomainCpu.Catalog;
using DomainCpu.Diff;
using DomainCpu.Model;
using DomainCpu.Qemu;
using DomainCpu.Schema;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;
using DomainCpu.Start;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Host;
using DomainCpu.Targets;

namespace DomainCpu;

/// <summary>
/// The operations of the <c>domaincpu</c> command line for a management application, on loaded documents
/// (<see cref="DomainDocument.LoadFile"/>, <see cref="DomainDocument.Parse"/>,
/// <see cref="DomainDocument.Load(Stream, string, InputLimits?)"/>). Defaults are the command line's: the newest
/// supported libvirt's CPU models (<see cref="DefaultModels"/>) and, without a QEMU record, the built-in facts of the
/// target's QEMU release. Every method is a pure function of its arguments and safe to call from
/// several threads.
/// </summary>
/// <remarks>A refused input is reported as a <see cref="DomainCpuException"/> whose
/// <see cref="DomainCpuException.Diagnostic"/> is the finding as data (file, line, column, rule id, message);
/// <see cref="Validate(DomainDocument, DocumentKind?, LibvirtProfile?, Target?)"/> returns findings instead of throwing.</remarks>
public static partial class LibvirtCpu
{
    /// <summary>The CPU models an operation given no catalog decides with: the newest supported libvirt's cpu_map models,
    /// embedded (what <c>domaincpu</c> answers with when no cpu_map and no installed libvirt name others).</summary>
    public static CpuCatalog DefaultModels =>
        EmbeddedCpuMaps.For(LibvirtProfile.Newest.Version.Major, LibvirtProfile.Newest.Version.Minor);

    /// <summary>Every schema and semantic finding of a document, in document order (<c>domaincpu validate</c>).</summary>
    /// <param name="doc">The document.</param>
    /// <param name="kind">The kind to validate as; null uses the kind its root element says.</param>
    /// <param name="libvirt">The libvirt release whose grammar and rules decide; null for the newest.</param>
    /// <param name="target">The target whose CPU models name the features and models a start accepts; null checks no
    /// names (libvirt defines a domain with unknown names, every start refuses it).</param>
    /// <returns>The findings; empty when the document is valid.</returns>
    public static IReadOnlyList<Diagnostic> Validate(DomainDocument doc, DocumentKind? kind = null, LibvirtProfile? libvirt = null, Target? target = null) =>
        Validator.Validate(doc, kind, libvirt ?? target?.Libvirt, target?.Models);

    /// <summary>Every finding of a document not loaded yet (<c>domaincpu validate FILE</c>): the same findings as loading
    /// it and calling <see cref="Validate(DomainDocument, DocumentKind?, LibvirtProfile?, Target?)"/>, faster for a large
    /// domain, since only the parts validation looks at are built.</summary>
    /// <param name="xml">The document's bytes.</param>
    /// <param name="file">The name findings give (<c>-</c> for standard input).</param>
    /// <param name="kind">The kind to validate as; null uses the kind its root element says.</param>
    /// <param name="libvirt">The libvirt release whose grammar and rules decide; null for the target's or the newest.</param>
    /// <param name="target">The target whose CPU models name the features and models a start accepts; null checks no names.</param>
    /// <returns>The findings; empty when the document is valid.</returns>
    /// <exception cref="DomainCpuException">The input is refused before it can be validated (not well-formed, over a limit, …).</exception>
    public static IReadOnlyList<Diagnostic> Validate(byte[] xml, string file, DocumentKind? kind = null, LibvirtProfile? libvirt = null, Target? target = null) =>
        Validator.Validate(xml, file, kind, libvirt: libvirt ?? target?.Libvirt, models: target?.Models);

    /// <summary>The document with its <c>&lt;cpu&gt;</c> in libvirt's canonical form, everything else byte for byte
    /// (<c>domaincpu format</c>).</summary>
    /// <param name="doc">The document.</param>
    /// <param name="libvirt">The libvirt release whose CPU XML is read and written; null for the newest.</param>
    /// <exception cref="DomainCpuException">libvirt would refuse the CPU (or the release lacks a part of it).</exception>
    public static DomainDocument Format(DomainDocument doc, LibvirtProfile? libvirt = null)
    {
        var grammar = (libvirt ?? LibvirtProfile.Newest).CpuXml;
        return doc.WithCpu(doc.ReadCpu(grammar: grammar), grammar);
    }

    /// <summary>The domain as libvirt defines it (<c>domaincpu format --define</c>): its <c>&lt;cpu&gt;</c> in canonical
    /// form with the driver's define-time defaults, everything else byte for byte.</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="libvirt">The libvirt release whose grammar and rules decide; null for the newest.</param>
    /// <param name="qemu">libvirt's record of the domain's QEMU binary (<see cref="HostDocuments.ReadQemuRecord"/>); null
    /// checks only what does not depend on it and adds no default that does.</param>
    /// <param name="warnings">Receives the parser's warnings.</param>
    /// <exception cref="DomainCpuException">The document is not a domain, or libvirt would refuse to define it.</exception>
    public static DomainDocument Define(DomainDocument domain, LibvirtProfile? libvirt = null, QemuCapabilities? qemu = null,
        ICollection<Diagnostic>? warnings = null)
    {
        if (domain.Kind != DocumentKind.Domain)
        {
            throw DomainCpuException.At(domain.File, SourcePosition.Of(domain.Root), Diagnoses.NotADomain(domain.Root.Name.LocalName));
        }
        var profile = libvirt ?? LibvirtProfile.Newest;
        return domain.WithCpu(Definition.Define(domain, qemu, profile, warnings), profile.CpuXml);
    }

    /// <summary>The live XML of a domain started on a host (<c>domaincpu expand --live</c>, and the hook's check at
    /// <c>prepare begin</c>): the <c>&lt;cpu&gt;</c> as libvirt fills it in at start, the configured one kept in
    /// <c>&lt;metadata&gt;</c> so that <see cref="Strip(DomainDocument)"/> gives it back. A standalone guest <c>&lt;cpu&gt;</c> gets libvirt's
    /// CPU update alone. With a QEMU record in the context, whatever libvirt refuses while it builds the command line is
    /// refused too.</summary>
    /// <param name="domain">The inactive (defined) domain, or a standalone guest <c>&lt;cpu&gt;</c>.</param>
    /// <param name="context">The target, what is known about the host and the QEMU binary, and the start's options
    /// (<see cref="HostDocuments.Read"/> fills the host part from documents).</param>
    /// <param name="warnings">Receives, with <see cref="StartContext.PinModelVersion"/>, why a model was left unpinned
    /// (DC1200), without a position.</param>
    /// <exception cref="DomainCpuException">The CPU is refused, the host cannot run it, or the domain is already live.</exception>
    public static DomainDocument Expand(DomainDocument domain, StartContext context, ICollection<Diagnostic>? warnings = null)
    {
        var live = ExpandDocument(domain, context);
        if (context.PinModelVersion && Unpinned(live, context.Machine, context.Target) is { } why) warnings?.Add(why);
        return live;
    }

    private static DomainDocument ExpandDocument(DomainDocument domain, StartContext context)
    {
        LiveDocument.CheckNotLive(domain);
        if (domain.Kind == DocumentKind.Cpu) return LiveDocument.Update(domain, context);
        var parsed = ArgvDomainReader.Read(domain, libvirt: context.Target.Libvirt);
        var started = StartEngine.Start(parsed, parsed.Cpu, context);
        if (context.QemuCapabilities is { } recorded)
        {
            QemuArgv.FromStart(parsed, parsed.Cpu, started.ForQemu, I386Emulator.CapabilitiesFor(parsed.Emulator, recorded), context);
        }
        LaunchCheck.Threads(parsed, context);
        return LiveDocument.Write(domain, started, context);
    }

    /// <summary>The live XML of a domain started on a host described by its capability documents (see
    /// <see cref="Expand(DomainDocument, StartContext, ICollection{Diagnostic})"/>), answering as <paramref name="target"/>.</summary>
    /// <param name="domain">The inactive domain (or a standalone guest <c>&lt;cpu&gt;</c>).</param>
    /// <param name="domainCapabilities">The host's <c>&lt;domainCapabilities&gt;</c> (<c>virsh domcapabilities</c>);
    /// null when only <paramref name="capabilities"/> is known.</param>
    /// <param name="capabilities">The host's <c>&lt;capabilities&gt;</c> (<c>virsh capabilities</c>); optional.</param>
    /// <param name="target">The libvirt release and CPU models to answer for; null for the default target.</param>
    /// <exception cref="DomainCpuException">The CPU is refused, the host cannot run it, a host document is not of
    /// the expected kind, or the domain is already live.</exception>
    public static DomainDocument Expand(DomainDocument domain, DomainDocument? domainCapabilities,
        DomainDocument? capabilities = null, Target? target = null) =>
        Expand(domain, HostDocuments.Read(new StartContext { Target = target ?? DefaultTarget }, capabilities, domainCapabilities));

    /// <summary>The configured XML of a live domain (<c>domaincpu strip</c>): byte for byte what
    /// <see cref="Expand(DomainDocument, StartContext, ICollection{Diagnostic})"/> was given, or the document unchanged when it holds no record of it.</summary>
    public static DomainDocument Strip(DomainDocument live) => LiveDocument.Strip(live, out _);

    /// <summary>The configured XML of a live domain (see <see cref="Strip(DomainDocument)"/>), saying whether a record
    /// of the configured <c>&lt;cpu&gt;</c> was found.</summary>
    /// <param name="live">The live domain.</param>
    /// <param name="restored">True when the configured CPU was restored from the record; false when the document had
    /// none (libvirt expanded it) and is returned as it is.</param>
    public static DomainDocument Strip(DomainDocument live, out bool restored) => LiveDocument.Strip(live, out restored);

    /// <summary>The document as a migration destination of that libvirt release receives it (<c>domaincpu migratable
    /// --libvirt</c> with no cpu_map): as <see cref="Migratable(DomainDocument, Target, bool, string?, ICollection{Diagnostic}?)"/>
    /// with the release's embedded cpu_map models, so the model's features its cpu_map marks added later that the
    /// configured CPU did not name are left out.</summary>
    /// <param name="doc">The domain or standalone CPU.</param>
    /// <param name="libvirt">The libvirt release whose CPU XML is read and written and whose models decide; null for the
    /// newest.</param>
    /// <exception cref="DomainCpuException">libvirt would refuse the CPU.</exception>
    public static DomainDocument Migratable(DomainDocument doc, LibvirtProfile? libvirt = null)
    {
        var profile = libvirt ?? LibvirtProfile.Newest;
        return LiveDocument.Migratable(doc, libvirt: profile, catalog: EmbeddedCpuMaps.For(profile.Version.Major, profile.Version.Minor));
    }

    /// <summary>The document as a migration destination of <paramref name="target"/> receives it (<c>domaincpu
    /// migratable</c>): the model's features the target's cpu_map marks added later that the configured CPU did not
    /// name are left out, and with <paramref name="pinVersion"/> an unversioned custom model is pinned to the version the machine
    /// type runs.</summary>
    /// <param name="doc">The domain or standalone CPU.</param>
    /// <param name="target">The libvirt release, CPU models and QEMU catalog to answer for.</param>
    /// <param name="pinVersion">Whether to pin an unversioned custom model (<c>--pin-version</c>).</param>
    /// <param name="machine">The machine type that decides the version; null for the domain's.</param>
    /// <param name="warnings">Receives why a model was left unpinned (DC1200), without a position.</param>
    /// <exception cref="DomainCpuException">libvirt would refuse the CPU.</exception>
    public static DomainDocument Migratable(DomainDocument doc, Target target, bool pinVersion = false, string? machine = null,
        ICollection<Diagnostic>? warnings = null)
    {
        var migratable = LiveDocument.Migratable(doc, pinVersion, machine, target.Qemu, target.Libvirt, target.Models);
        if (pinVersion && Unpinned(migratable, machine, target) is { } why) warnings?.Add(why);
        return migratable;
    }

    /// <summary>The host-model CPU of domain capabilities (<c>virsh domcapabilities</c>), as a guest CPU; null when the
    /// host-model mode is not supported. Give it to <see cref="StartContext.HostModel"/> to build the live <c>-cpu</c> of
    /// an inactive host-model domain.</summary>
    /// <exception cref="DomainCpuException">The document is not domain capabilities, or its host-model CPU is refused.</exception>
    public static CpuDefinition? HostModel(DomainDocument domainCapabilities) => HostModelReader.ReadHostModel(domainCapabilities);

    /// <summary>The host-model CPU QEMU's view of a host gives (<c>domaincpu capabilities --qemu-host</c>): what domain
    /// capabilities would show under <c>&lt;mode name='host-model'&gt;</c>; null when QEMU reports no host CPU.</summary>
    /// <param name="cpuid">The host's CPUID data (<see cref="HostCpuid.Probe"/>, <see cref="HostCpuid.ReadDump"/>).</param>
    /// <param name="qemu">QEMU's expansion of its <c>host</c> model, and its model list (<see cref="QemuHostReport.Read"/>).</param>
    /// <param name="target">The CPU models to describe it with; null for the default target.</param>
    /// <exception cref="DomainCpuException">No model of the catalog describes the CPU.</exception>
    public static CpuDefinition? HostModel(HostCpuid cpuid, QemuHostReport qemu, Target? target = null) =>
        Host.HostModel.Derive((target ?? DefaultTarget).Models, qemu, cpuid.Data);

    /// <summary>The host CPU as libvirt's host capabilities show it (<c>domaincpu capabilities</c>, <c>virsh
    /// capabilities</c>): the CPUID data decoded with the target's CPU models, with the host facts read with it.</summary>
    /// <param name="cpuid">The host's CPUID data.</param>
    /// <param name="target">The libvirt release and CPU models; null for the default target.</param>
    /// <param name="undecodable">When given, a CPU no model describes is reported to it and the capabilities show what
    /// is known without a model (as libvirt does); when null, that is refused.</param>
    /// <exception cref="DomainCpuException">No model describes the CPU (and <paramref name="undecodable"/> is null).</exception>
    public static HostCpu Capabilities(HostCpuid cpuid, Target? target = null, Action<Diagnostic>? undecodable = null)
    {
        try
        {
            return HostDecoder.Decode((target ?? DefaultTarget).Models, cpuid.Data, cpuid.Facts);
        }
        catch (DomainCpuException ex) when (undecodable is not null && !ex.Diagnostic.HasLocation)
        {
            undecodable(ex.Diagnostic);
            return HostDecoder.Undecoded(cpuid.Data, cpuid.Facts);
        }
    }

    /// <summary>The CPU models of the target's QEMU release under a machine type (<c>domaincpu models</c>), with
    /// whether QEMU under KVM can run each on a host given by its CPUID data.</summary>
    /// <param name="target">The target; its <see cref="Target.Qemu"/> catalog is listed.</param>
    /// <param name="machine">The machine type (or alias) that decides what unversioned names mean; null for QEMU's default.</param>
    /// <param name="host">The host's CPUID data; null leaves usability unknown.</param>
    /// <exception cref="ArgumentException">The QEMU release has no such machine type.</exception>
    public static QemuModelList Models(Target target, string? machine = null, HostCpuid? host = null) =>
        QemuModelDescriber.List(target.Qemu, QemuModelDescriber.Machine(target.Qemu, machine), host is null ? null : QemuHostOffer.FromCpuid(host.Data));

    /// <summary>The CPU models of the target's QEMU release (see <see cref="Models(Target, string?, HostCpuid?)"/>),
    /// with usability on a host known by its <c>&lt;cpu&gt;</c> (host capabilities) instead of raw CPUID data.</summary>
    /// <exception cref="ArgumentException">The QEMU release has no such machine type.</exception>
    /// <exception cref="DomainCpuException">The host CPU names a model or feature the target's models do not know.</exception>
    public static QemuModelList Models(Target target, string? machine, CpuDefinition hostCpu)
    {
        var mt = QemuModelDescriber.Machine(target.Qemu, machine);
        return QemuModelDescriber.List(target.Qemu, mt, QemuHostOffer.FromFeatures(X86ModelData.All(target.Models, hostCpu).Data));
    }

    /// <summary>One CPU name of the target's QEMU release expanded under a machine type (<c>domaincpu models show</c>):
    /// the version it resolves to, its properties and features, and what changed from the previous version.</summary>
    /// <param name="target">The target; its <see cref="Target.Qemu"/> catalog is asked.</param>
    /// <param name="name">A name as <c>-cpu</c> takes it: <c>Haswell</c>, <c>Haswell-v2</c>, <c>Haswell-noTSX</c>.</param>
    /// <param name="machine">The machine type (or alias); null for QEMU's default.</param>
    /// <returns>The details; null when the release has no such CPU name.</returns>
    /// <exception cref="ArgumentException">The QEMU release has no such machine type.</exception>
    public static QemuModelDetails? Model(Target target, string name, string? machine = null) =>
        QemuModelDescriber.Describe(target.Qemu, name, QemuModelDescriber.Machine(target.Qemu, machine));

    /// <summary>A CPU as libvirt writes it (<c>&lt;cpu&gt;</c> element text, two-space indents, no declaration).</summary>
    /// <param name="cpu">The CPU.</param>
    /// <param name="libvirt">The release whose CPU XML is written; null for the newest.</param>
    /// <returns>The element; null when libvirt writes nothing for it (an empty guest CPU).</returns>
    public static string? ToXml(CpuDefinition cpu, LibvirtProfile? libvirt = null) =>
        CpuXmlWriter.Write(cpu, grammar: (libvirt ?? LibvirtProfile.Newest).CpuXml);

    /// <summary>A host CPU as libvirt's host capabilities write it.</summary>
    /// <param name="host">The host CPU (<see cref="Capabilities"/>).</param>
    /// <param name="libvirt">The release whose CPU XML is written; null for the newest.</param>
    public static string ToXml(HostCpu host, LibvirtProfile? libvirt = null) =>
        HostCpuXml.Write(host, grammar: (libvirt ?? LibvirtProfile.Newest).CpuXml);

    /// <summary>Whether findings make a document invalid: any of them an error.</summary>
    public static bool HasErrors(IEnumerable<Diagnostic> findings) => Validator.HasErrors(findings);

    /// <summary>The <c>-cpu</c> and <c>-smp</c> values libvirt gives QEMU for a domain (<c>domaincpu argv</c>): the same
    /// start as <see cref="Expand(DomainDocument, StartContext, ICollection{Diagnostic})"/>, after the define-time defaults.</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="context">The target, host and QEMU binary; null for the default target; without a QEMU record, the built-in facts of the target's QEMU release.</param>
    /// <param name="warnings">Receives the warnings about the domain's XML, if given.</param>
    /// <exception cref="DomainCpuException">libvirt would refuse to start the domain (with its reason).</exception>
    public static ArgvResult BuildArgv(DomainDocument domain, StartContext? context = null, ICollection<Diagnostic>? warnings = null)
    {
        context ??= new StartContext { Target = DefaultTarget };
        return QemuArgv.Build(ArgvDomainReader.Read(domain, warnings, context.Target.Libvirt), context);
    }

    /// <summary>The target operations answer for when none is given: the newest supported libvirt with the embedded
    /// QEMU catalog.</summary>
    public static Target DefaultTarget => TargetResolver.Resolve(new TargetRequest());

    /// <summary>How the CPU parts of two documents differ (<c>domaincpu diff</c>): model, version, attributes,
    /// features added, removed or with another policy.</summary>
    /// <exception cref="DomainCpuException">libvirt would refuse one of the CPUs.</exception>
    public static IReadOnlyList<CpuChange> Diff(DomainDocument a, DomainDocument b) => CpuDiff.Compare(a.ReadCpu(), b.ReadCpu());

    /// <summary>How two CPUs differ (see <see cref="Diff(DomainDocument, DomainDocument)"/>); null stands for a
    /// document without a <c>&lt;cpu&gt;</c>.</summary>
    public static IReadOnlyList<CpuChange> Diff(CpuDefinition? a, CpuDefinition? b) => CpuDiff.Compare(a, b);

    /// <summary>Why the custom model of a result stays unversioned although QEMU runs a version of it: the target
    /// libvirt knows no versioned names.</summary>
    private static Diagnostic? Unpinned(DomainDocument result, string? machine, Target target) =>
        result.ReadCpu(grammar: target.Libvirt.CpuXml) is { Mode: CpuMode.Custom, ModelName: { } name }
            ? ModelVersions.Decide(name, machine ?? result.ReadDomainInfo().Machine, target.Qemu, target.Libvirt)?.NotPinned
            : null;

    /// <summary>The host CPU of host capabilities or a host <c>&lt;cpu&gt;</c>, or the host-model CPU of domain
    /// capabilities.</summary>
    private static CpuDefinition HostCpuOf(DomainDocument doc) =>
        doc.Kind == DocumentKind.DomainCapabilities
            ? HostModelReader.ReadHostModel(doc) ?? throw NoCpu(doc, "the domain capabilities have no supported host-model CPU")
            : RequireCpu(doc);

    private static CpuDefinition RequireCpu(DomainDocument doc) =>
        doc.ReadCpu() ?? throw NoCpu(doc, $"<{doc.Root.Name.LocalName}> holds no <cpu>");

    private static DomainCpuException NoCpu(DomainDocument doc, string message) =>
        DomainCpuException.At(doc.File, SourcePosition.Of(doc.Root), Diagnoses.NoCpu(message));

    private static DomainCpuException PlacedAt(DomainDocument doc, DomainCpuException ex) =>
        DomainCpuException.At(doc.File, SourcePosition.Of(doc.CpuElement ?? doc.Root), ex.Diagnostic);

    /// <summary>Turns a refused CPU operation into a finding at the document's CPU.</summary>
    private static T Refusable<T>(DomainDocument doc, Func<T> operation)
    {
        return DomainCpuException.Locate(doc.File, SourcePosition.Of(doc.CpuElement ?? doc.Root), operation);
    }
}

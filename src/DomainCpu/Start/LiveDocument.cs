using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;
using DomainCpu.Targets;
using DomainCpu.X86;

namespace DomainCpu.Start;

/// <summary>
/// The document-level lifecycle of a domain's CPU: <see cref="Write"/> at start (the live XML of a started domain, with
/// the configured CPU kept in an <see cref="InactiveRecord"/>), <see cref="Strip"/> at stop (the configured XML back,
/// byte for byte) and <see cref="Migratable"/> (what a migration destination receives). Everything outside
/// <c>&lt;cpu&gt;</c> and the record stays as it was.
/// </summary>
internal static class LiveDocument
{
    /// <summary>Refuses a document that is already live (it holds an inactive CPU record): strip it first.</summary>
    /// <exception cref="DomainCpuException">The document is live.</exception>
    public static void CheckNotLive(DomainDocument doc)
    {
        if (InactiveRecord.Find(doc) is { } record)
        {
            throw DomainCpuException.At(doc.File, SourcePosition.Of(record), Diagnoses.AlreadyExpanded());
        }
    }

    /// <summary>A standalone <c>&lt;cpu&gt;</c> document is not a guest being started: it gets libvirt's CPU update alone
    /// (<see cref="StartEngine.Update"/>, as cputest checks it).</summary>
    public static DomainDocument Update(DomainDocument doc, StartContext context)
    {
        var grammar = context.Target.Libvirt.CpuXml;
        var cpu = doc.ReadCpu(grammar: grammar);
        return cpu is null ? doc : doc.WithCpu(StartEngine.Update(cpu, context, doc.File, SourcePosition.Of(doc.CpuElement ?? doc.Root)), grammar);
    }

    /// <summary>The live document of a started domain: its <c>&lt;cpu&gt;</c> replaced by the live one, the configured
    /// element kept byte for byte in an <see cref="InactiveRecord"/> (with the CPU as started when QEMU's report changed it).
    /// The CPU is read and written in the CPU XML of the context's libvirt release.</summary>
    public static DomainDocument Write(DomainDocument doc, StartedCpu started, StartContext context)
    {
        var element = doc.CpuElement;
        var grammar = context.Target.Libvirt.CpuXml;
        var cpu = doc.ReadCpu(grammar: grammar);
        if (Equals(started.Live, cpu)) return doc;
        var expanded = doc.WithCpu(started.Live, grammar);
        if (element is null || expanded.Text == doc.Text) return expanded;
        var origin = started.BeforeQemuUpdate is { } before ? CpuXmlWriter.Write(before, grammar: grammar) : null;
        return InactiveRecord.Keep(expanded, doc.TextOf(element), origin);
    }

    /// <summary>The configured document of a live one. With an inactive record, exactly the bytes that were
    /// expanded; without one (libvirt expanded it), the document as it is, since libvirt keeps the configured
    /// CPU outside the live XML and nothing in it tells what was configured.</summary>
    /// <param name="doc">The live document.</param>
    /// <param name="restored">Whether a record was found and the configured CPU restored from it.</param>
    public static DomainDocument Strip(DomainDocument doc, out bool restored)
    {
        var record = InactiveRecord.Find(doc);
        restored = record is not null;
        if (record is null) return doc;
        var original = InactiveRecord.OriginalCpuText(doc, record);
        var cpu = doc.CpuElement;
        var withCpu = cpu is not null
            ? doc.ReplaceElement(cpu, original)
            : doc.InsertDomainChild(_ => original, DomainDocument.CpuFollowers);
        return InactiveRecord.Remove(withCpu);
    }

    /// <summary>The document as a migration destination receives it (SPEC §5.3): the CPU as the guest was started
    /// (before QEMU's report changed it, when the record kept that one), and a custom Icelake-Server CPU
    /// gets <c>pconfig</c> disabled; with <paramref name="pinFor"/> true an unversioned custom model is pinned
    /// to the version the domain's machine type runs, where the target libvirt knows versioned names
    /// (<see cref="ModelVersions.Decide"/>). With the target's CPU models (<paramref name="catalog"/>) the model's added features the
    /// configured CPU did not name are left out, as <paramref name="libvirt"/> does.</summary>
    /// <param name="doc">The domain or CPU document.</param>
    /// <param name="pinFor">Whether to pin an unversioned custom model.</param>
    /// <param name="machine">The machine type that decides the version; the domain's when null.</param>
    /// <param name="qemu">The target's QEMU catalog; the oldest embedded one when null.</param>
    /// <param name="libvirt">The target's libvirt; the newest supported release when null.</param>
    /// <param name="catalog">The target's CPU models (its cpu_map); null when none is given, so no feature is known to be added.</param>
    /// <exception cref="DomainCpuException">The CPU is refused.</exception>
    public static DomainDocument Migratable(DomainDocument doc, bool pinFor = false, string? machine = null,
        Catalog.Qemu.QemuCatalog? qemu = null, LibvirtProfile? libvirt = null, CpuCatalog? catalog = null)
    {
        var grammar = (libvirt ?? LibvirtProfile.Newest).CpuXml;
        var cpu = doc.ReadCpu(grammar: grammar);
        if (cpu is null) return doc;
        var migratable = MigratableCpu.Of(InactiveRecord.StartedCpu(doc, grammar) ?? cpu);
        if (catalog is not null && InactiveRecord.Find(doc) is { } record)
        {
            var text = InactiveRecord.OriginalCpuText(doc, record);
            var original = string.IsNullOrWhiteSpace(text) ? null : DomainDocument.Parse(text, doc.File).ReadCpu(grammar: grammar);
            try
            {
                migratable = X86AddedFeatures.DropUnnamed(libvirt ?? LibvirtProfile.Newest, catalog, migratable, original);
            }
            catch (DomainCpuException ex) when (!ex.Diagnostic.HasLocation)
            {
                throw DomainCpuException.At(doc.File, SourcePosition.Of(doc.CpuElement), ex.Diagnostic);
            }
        }
        if (pinFor && migratable is { Mode: CpuMode.Custom, ModelName: { } name } &&
            ModelVersions.Decide(name, machine ?? doc.ReadDomainInfo().Machine, qemu ?? Catalog.Qemu.EmbeddedCatalog.Qemu,
                libvirt ?? Targets.LibvirtProfile.Newest) is { Pinned: { } pinned })
        {
            migratable = migratable with { Model = migratable.Model! with { Name = pinned } };
        }
        return Equals(migratable, cpu) ? doc : doc.WithCpu(migratable, grammar);
    }
}

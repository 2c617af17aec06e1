using System.Collections.Immutable;
using DomainCpu.Diagnostics;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Xml;

namespace DomainCpu.Start;

/// <summary>Reads the host documents a start is given into its <see cref="StartContext"/>: host capabilities (or a
/// standalone host <c>&lt;cpu&gt;</c>, or domain capabilities in their place), domain capabilities, and libvirt's record
/// of the QEMU binary.</summary>
public static class HostDocuments
{
    /// <summary>The context with what the documents say about the host; a document not given leaves its part as it was.</summary>
    /// <exception cref="DomainCpuException">A document is not of the expected kind or is refused.</exception>
    public static StartContext Read(StartContext context, DomainDocument? caps, DomainDocument? domcaps, DomainDocument? qemuCaps = null)
    {
        if (caps is { Kind: DocumentKind.DomainCapabilities })
        {
            context = context with { DomainCapabilities = DomainCapabilitiesReader.Read(caps) };
        }
        else if (caps is not null)
        {
            context = context with { HostCpu = ReadHostCpu(caps), HostNumaNodes = HostNumaReader.ReadNodes(caps), HostCpus = HostNumaReader.ReadCpus(caps) };
        }
        if (domcaps is not null) context = context with { DomainCapabilities = DomainCapabilitiesReader.Read(domcaps) };
        if (qemuCaps is not null) context = context with { QemuCapabilities = QemuCapabilitiesReader.Read(qemuCaps) };
        return caps is null && domcaps is null ? context : context with { CapabilitiesDecide = context.QemuCapabilities is null };
    }

    /// <summary>CPU ids written in libvirt's cpuset syntax (<c>0-3,8,^2</c>), as the host's online CPUs are
    /// (<see cref="StartContext.HostCpus"/>, Linux's <c>/sys/devices/system/cpu/online</c>); null when the text does not
    /// read or names no CPU.</summary>
    public static ImmutableSortedSet<int>? ReadCpuSet(string text) =>
        CpuSet.Parse(text.Trim()) is { Count: > 0 } set ? set.ToImmutableSortedSet() : null;

    /// <summary>libvirt's record of a QEMU binary (a <c>&lt;qemuCaps&gt;</c> document from its capabilities cache).</summary>
    /// <exception cref="DomainCpuException">Not a <c>&lt;qemuCaps&gt;</c> document, or a bad value.</exception>
    public static QemuCapabilities ReadQemuRecord(DomainDocument qemuCaps) => QemuCapabilitiesReader.Read(qemuCaps);

    /// <summary>The machine type domain capabilities were captured for (their <c>&lt;machine&gt;</c>), which names the
    /// QEMU release that answered (<see cref="Targets.TargetRequest.CapturedMachine"/>); null when they name none.</summary>
    public static string? CapturedMachine(DomainDocument domainCapabilities) => DomainCapabilitiesReader.ReadMachine(domainCapabilities);

    /// <summary>The context with what QEMU reported for a started guest: the CPUID data it enabled and disabled
    /// (<c>&lt;cpudata arch='x86'&gt;</c> documents, as libvirt's tests keep them), so the start is libvirt's update of
    /// the CPU from QEMU's report; a document not given leaves its part as it was.</summary>
    /// <exception cref="DomainCpuException">A document is not <c>&lt;cpudata arch='x86'&gt;</c>, or has a bad value.</exception>
    public static StartContext ReadQemuCpuData(StartContext context, DomainDocument? enabled, DomainDocument? disabled)
    {
        if (enabled is not null) context = context with { QemuEnabled = QemuCpuDataReader.Read(enabled) };
        if (disabled is not null) context = context with { QemuDisabled = QemuCpuDataReader.Read(disabled) };
        return context;
    }

    private static CpuDefinition ReadHostCpu(DomainDocument doc)
    {
        if (doc.Kind is not (DocumentKind.Capabilities or DocumentKind.Cpu))
        {
            throw DomainCpuException.At(doc.File, SourcePosition.Of(doc.Root), Diagnoses.NotHostDocument(doc.Root.Name.LocalName));
        }
        var cpu = doc.ReadCpu();
        if (cpu is not { Type: CpuType.Host })
        {
            throw DomainCpuException.At(doc.File, SourcePosition.Of(doc.CpuElement ?? doc.Root), Diagnoses.NoHostCpu());
        }
        return cpu;
    }
}

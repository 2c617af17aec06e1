using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Host;

/// <summary>Builds an <see cref="ExpansionHost"/> from loaded documents.</summary>
public static class ExpansionHostReader
{
    /// <summary>Reads the host from any of: host capabilities or a standalone host <c>&lt;cpu&gt;</c> (or domain
    /// capabilities given in its place), domain capabilities, and libvirt's QEMU capabilities record.</summary>
    /// <exception cref="DomainCpuException">A document is not of the expected kind or is refused.</exception>
    public static ExpansionHost Read(DomainDocument? caps, DomainDocument? domcaps, DomainDocument? qemuCaps = null)
    {
        DomainCapabilitiesCpu? domainCaps = null;
        CpuDefinition? hostCpu = null;
        if (caps is { Kind: DocumentKind.DomainCapabilities }) domainCaps = DomainCapabilitiesReader.Read(caps);
        else if (caps is not null) hostCpu = ReadHostCpu(caps);
        if (domcaps is not null) domainCaps = DomainCapabilitiesReader.Read(domcaps);
        var qemu = qemuCaps is null ? null : QemuCapabilitiesReader.Read(qemuCaps);
        return new ExpansionHost(domainCaps, hostCpu, qemu);
    }

    /// <summary>The host as libvirt's record of a QEMU binary describes it for a domain type: the domain capabilities
    /// libvirt computes from the record (<see cref="QemuDomainCapabilities"/>) and the record itself. The full host CPU
    /// a check compares with is the host model QEMU reports, as under TCG, where QEMU's emulation is the host.</summary>
    /// <param name="catalog">The CPU catalog (libvirt's cpu_map) QEMU's host CPU is decoded with.</param>
    /// <param name="caps">libvirt's record of the binary.</param>
    /// <param name="virtType">The domain type (<c>kvm</c> or <c>qemu</c>).</param>
    public static ExpansionHost FromQemuCapabilities(CpuCatalog catalog, QemuCapabilities caps, string? virtType) =>
        new(QemuDomainCapabilities.Cpu(catalog, caps, virtType), null, caps);

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

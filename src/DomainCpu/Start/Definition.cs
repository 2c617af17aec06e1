using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Targets;
using DomainCpu.Xml;

namespace DomainCpu.Start;

/// <summary>
/// What libvirt's QEMU driver does when a domain is defined: it refuses what its parser and validation refuse (the ids
/// <c>validate</c> reports and a start refuses with), adds its define-time defaults (<see cref="DefinePostParse"/>), and
/// validates the result against the binary's record (SPEC §4 V1–V17, which run at define and at start).
/// </summary>
internal static class Definition
{
    /// <summary>The CPU of a defined domain.</summary>
    /// <param name="doc">The domain document.</param>
    /// <param name="caps">The record of the domain's QEMU binary; null checks only what does not depend on it and adds
    /// no default that does.</param>
    /// <param name="libvirt">The libvirt release whose grammar and rules decide.</param>
    /// <param name="warnings">Where the parser's warnings go.</param>
    /// <exception cref="DomainCpuException">libvirt would refuse to define the domain.</exception>
    public static CpuDefinition? Define(DomainDocument doc, QemuCapabilities? caps, LibvirtProfile libvirt, ICollection<Diagnostic>? warnings = null)
    {
        var domain = ArgvDomainReader.Read(doc, warnings, libvirt);
        var cpu = DefinePostParse.Apply(domain.Cpu, domain.Info, caps, domain.File, domain.At("cpu"));
        StartValidation.CheckDefinition(domain, cpu, caps);
        return cpu;
    }
}

using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>What is known about the host a guest starts on: domain capabilities, the host CPU of host
/// capabilities, and the hypervisor's capability record, any of which may be missing.</summary>
/// <param name="DomainCapabilities">The CPU part of domain capabilities; null when not given.</param>
/// <param name="HostCpu">The host CPU (type host) of host capabilities; null when not given.</param>
/// <param name="QemuCapabilities">libvirt's record of the QEMU binary; null when not given.</param>
public sealed record ExpansionHost(
    DomainCapabilitiesCpu? DomainCapabilities,
    CpuDefinition? HostCpu,
    QemuCapabilities? QemuCapabilities = null)
{
    /// <summary>A host nothing is known about.</summary>
    public static ExpansionHost Unknown { get; } = new(null, null);
}

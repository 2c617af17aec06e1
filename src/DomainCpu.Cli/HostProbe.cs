using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Diagnostics;
using DomainCpu.Targets;

namespace DomainCpu.Cli;

/// <summary>This machine's CPU, read by CPUID (the edge where commands touch the hardware).</summary>
internal static class HostProbe
{
    /// <summary>Raw CPUID data (plus the MSRs the target's libvirt reads, or IA32_ARCH_CAPABILITIES without a target,
    /// where readable) and, on Linux, the host facts libvirt adds (microcode, topology, TSC, pages) when
    /// <paramref name="withFacts"/> is set.</summary>
    public static HostCpuid Probe(bool withFacts, Target? target = null)
    {
        RequireCpuid();
        return HostCpuid.Probe(target, withFacts);
    }

    /// <summary>This machine's host CPU decoded with a catalog (no host facts: only the CPU's features matter
    /// for starting a guest, and the facts cost a KVM vCPU to read).</summary>
    /// <param name="target">The libvirt release whose probe (which MSRs it reads) is reproduced, and the CPU models to
    /// decode with.</param>
    /// <exception cref="DomainCpuException">The catalog has no model this host's CPU can be described with.</exception>
    public static CpuDefinition HostCpu(Target target)
    {
        RequireCpuid();
        // Only the leaves the catalog's features live in: the hook path pays for every CPUID a hypervisor traps.
        var data = HostCpuid.ProbeFor(target);
        try
        {
            return LibvirtCpu.Capabilities(data, target).Cpu;
        }
        catch (DomainCpuException ex) when (!ex.Diagnostic.HasLocation)
        {
            throw DomainCpuException.At(target.CpuMapDirectory ?? "embedded cpu_map models", default, ex.Diagnostic with
            {
                Message = $"this host's CPU (read by CPUID) cannot be described with this CPU catalog: {ex.Message}",
            });
        }
    }

    private static void RequireCpuid()
    {
        if (!HostCpuid.CanProbe)
        {
            throw new CliUsageException("this machine has no CPUID instruction (it is not x86): give a CPUID dump with --cpuid FILE, or --caps/--domcaps");
        }
    }
}

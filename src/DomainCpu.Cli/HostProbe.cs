using DomainCpu.Catalog;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Cli;

/// <summary>This machine's CPU, read by CPUID (the edge where commands touch the hardware).</summary>
internal static class HostProbe
{
    /// <summary>Raw CPUID data (plus IA32_ARCH_CAPABILITIES where readable) and, on Linux, the host facts
    /// libvirt adds (microcode, topology, TSC, pages) when <paramref name="withFacts"/> is set.</summary>
    public static (CpuidData Data, HostFacts Facts) Probe(bool withFacts)
    {
        if (!CpuidProbe.IsSupported)
        {
            throw new CliUsageException("this machine has no CPUID instruction (it is not x86): give a CPUID dump with --cpuid FILE, or --caps/--domcaps");
        }
        var data = HostMsrs.WithArchCapabilities(CpuidProbe.Probe(), HostMsrs.Read);
        var facts = withFacts && OperatingSystem.IsLinux() ? LinuxHostFacts.Probe(data) : HostFacts.None;
        return (data, facts);
    }

    /// <summary>This machine's host CPU decoded with a catalog (no host facts: only the CPU's features matter
    /// for starting a guest, and the facts cost a KVM vCPU to read).</summary>
    /// <param name="catalog">The CPU catalog to decode with.</param>
    /// <param name="catalogFile">Where the catalog came from (a cpu_map directory), named by a finding.</param>
    /// <exception cref="DomainCpuException">The catalog has no model this host's CPU can be described with.</exception>
    public static CpuDefinition HostCpu(CpuCatalog catalog, string catalogFile)
    {
        if (!CpuidProbe.IsSupported) Probe(withFacts: false); // the usage error for machines without CPUID
        // Only the leaves the catalog's features live in: the hook path pays for every CPUID a hypervisor traps.
        var data = HostMsrs.WithArchCapabilities(CpuidProbe.ProbeFor(catalog), HostMsrs.Read);
        try
        {
            return HostDecoder.Decode(catalog, data, HostFacts.None).Cpu;
        }
        catch (DomainCpuException ex) when (!ex.Diagnostic.HasLocation)
        {
            throw DomainCpuException.At(catalogFile, default, ex.Diagnostic with
            {
                Message = $"this host's CPU (read by CPUID) cannot be described with this CPU catalog: {ex.Message}",
            });
        }
    }
}

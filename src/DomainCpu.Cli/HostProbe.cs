using DomainCpu.Catalog;
using DomainCpu.Host;
using DomainCpu.Model;

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
    public static CpuDefinition HostCpu(CpuCatalog catalog)
    {
        var (data, facts) = Probe(withFacts: false);
        return HostDecoder.Decode(catalog, data, facts).Cpu;
    }
}

using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Targets;
using DomainCpu.Xml;

namespace DomainCpu.Host;

/// <summary>
/// What was read of a host's CPU: raw CPUID leaves and the MSRs libvirt reads, and (from a probe on Linux) the facts
/// libvirt adds to the host CPU: microcode, topology, TSC, memory pages. From a probe of this machine or from a
/// CPUID dump (<c>&lt;cpudata arch='x86'&gt;</c>, libvirt's cputest format). Give it to
/// <see cref="LibvirtCpu.Capabilities"/> or <see cref="LibvirtCpu.Models(Target, string?, HostCpuid?)"/>.
/// </summary>
public sealed class HostCpuid
{
    private HostCpuid(CpuidData data, HostFacts facts)
    {
        Data = data;
        Facts = facts;
    }

    internal CpuidData Data { get; }

    internal HostFacts Facts { get; }

    /// <summary>Whether this machine has a CPUID instruction to probe (it is x86).</summary>
    public static bool CanProbe => CpuidProbe.IsSupported;

    /// <summary>Probes this machine: every CPUID leaf, and the MSRs the target's libvirt reads (without a target,
    /// IA32_ARCH_CAPABILITIES) where they are readable.</summary>
    /// <param name="target">The target whose libvirt's probe is reproduced; null for none in particular.</param>
    /// <param name="withHostFacts">Also read the facts libvirt adds (Linux only; reading the TSC's frequency costs a
    /// KVM vCPU).</param>
    /// <exception cref="PlatformNotSupportedException">This machine is not x86 (<see cref="CanProbe"/>).</exception>
    public static HostCpuid Probe(Target? target = null, bool withHostFacts = false)
    {
        RequireCpuid();
        var cpuid = CpuidProbe.Probe();
        var data = target is null ? HostMsrs.WithArchCapabilities(cpuid, HostMsrs.Read) : HostMsrs.Probe(cpuid, target.Libvirt, target.Models, HostMsrs.Read);
        var facts = withHostFacts && OperatingSystem.IsLinux() ? LinuxHostFacts.Probe(data) : HostFacts.None;
        return new HostCpuid(data, target is null ? facts : facts.For(target.Libvirt));
    }

    /// <summary>Probes only what decoding the host CPU with the target's models needs: the CPUID leaves its features
    /// live in and the MSRs its libvirt reads (each CPUID a hypervisor traps costs time on a start's path).</summary>
    /// <exception cref="PlatformNotSupportedException">This machine is not x86.</exception>
    public static HostCpuid ProbeFor(Target target)
    {
        RequireCpuid();
        return new HostCpuid(HostMsrs.Probe(CpuidProbe.ProbeFor(target.Models), target.Libvirt, target.Models, HostMsrs.Read), HostFacts.None);
    }

    /// <summary>Reads a CPUID dump (<c>&lt;cpudata arch='x86'&gt;</c>).</summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="file">Its name, for findings.</param>
    /// <exception cref="DomainCpuException">The file is not a CPUID dump.</exception>
    public static HostCpuid ReadDump(byte[] bytes, string file = "-") =>
        new(CpuidDump.Read(XmlSafety.Load(bytes, file).Document.Root!, file), HostFacts.None);

    /// <summary>The data as a CPUID dump (<c>&lt;cpudata arch='x86'&gt;</c>), with the CPU's brand string as a comment.</summary>
    public string ToDump() => CpuidDump.Write(Data, Data.BrandString());

    private static void RequireCpuid()
    {
        if (!CpuidProbe.IsSupported) throw new PlatformNotSupportedException("this machine has no CPUID instruction (it is not x86)");
    }
}

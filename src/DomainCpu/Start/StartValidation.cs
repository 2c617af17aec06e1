using DomainCpu.Model;
using DomainCpu.Diagnostics;

namespace DomainCpu.Start;

/// <summary>The checks libvirt's QEMU driver makes when a domain starts, before it touches the CPU: the binary runs
/// the domain's architecture and machine type, and the CPU and vCPUs pass the driver's validation
/// (<c>qemuValidateDomainDefCpu</c>, <c>qemuValidateDomainVCpuTopology</c>; SPEC §4 V1–V17).</summary>
internal static class StartValidation
{
    /// <summary>Throws libvirt's reason when it would refuse to start the domain on this binary.</summary>
    /// <param name="domain">The domain (its machine as the start uses it).</param>
    /// <param name="cpu">The CPU with its define-time defaults.</param>
    /// <param name="caps">The record of the binary the domain runs on.</param>
    /// <exception cref="DomainCpuException">libvirt would refuse the domain.</exception>
    public static void Check(ArgvDomain domain, CpuDefinition? cpu, QemuCapabilities caps)
    {
        CheckEmulator(domain, caps);
        DefinePostParse.CheckMachine(domain.Info, caps, domain.File, domain.At("cpu"));
        CheckCpuAndVcpus(domain, cpu, caps, caps.FindMachine(domain.Info.Machine, QemuCapabilities.AccelOf(domain.Info.VirtType)));
    }

    /// <summary>The same checks when the domain is defined (libvirt validates the definition against the binary's record
    /// then too); without the record, only the checks that do not depend on the binary.</summary>
    /// <exception cref="DomainCpuException">libvirt would refuse to define the domain.</exception>
    public static void CheckDefinition(ArgvDomain domain, CpuDefinition? cpu, QemuCapabilities? caps)
    {
        if (caps is not null) Check(domain, cpu, caps);
        else CheckCpuAndVcpus(domain, cpu, QemuCapabilities.None, null, binaryKnown: false);
    }

    /// <summary>The binary must run the domain's architecture.</summary>
    public static void CheckEmulator(ArgvDomain domain, QemuCapabilities caps)
    {
        var arch = domain.Info.Arch ?? "x86_64";
        if ((caps.Arch != "x86_64" || arch is "x86_64" or "i686") && (caps.Arch != "i686" || arch == "i686")) return;
        var binary = caps.Arch == "i686" ? "qemu-system-i386" : "qemu-system-x86_64";
        var message = domain.Emulator is { } emu && emu[(emu.LastIndexOf('/') + 1)..] == binary
            ? $"Emulator '{emu}' does not support arch '{arch}'"
            : $"the QEMU capabilities are those of {binary}, which cannot run a {arch} guest";
        throw domain.Error("domain", Diagnoses.EmulatorCannotRun(message));
    }

    private static void CheckCpuAndVcpus(ArgvDomain domain, CpuDefinition? cpu, QemuCapabilities caps, QemuMachine? machine, bool binaryKnown = true)
    {
        var arch = domain.Info.Arch ?? "x86_64";
        var isX86 = arch is "x86_64" or "i686";
        var max = domain.Info.MaxVcpus ?? 1;
        if (max == 0) throw domain.Error("vcpu", Diagnoses.NoVcpus());
        if (domain.Info.CurrentVcpus is { } current && current > max)
        {
            throw domain.Error("vcpu", Diagnoses.CurrentVcpusAboveMax());
        }
        if (machine is not null && machine.MaxCpus > 0 && max > machine.MaxCpus)
        {
            throw domain.Error("vcpu", Diagnoses.VcpusAboveMachineLimit(machine.MaxCpus));
        }
        if (cpu?.Topology is { } t)
        {
            var product = t.LogicalCpus;
            if (product != max && caps.Has(QemuCapabilityFlags.QueryHotpluggableCpus))
            {
                throw domain.Error("topology", Diagnoses.TopologyDoesNotMatchVcpus());
            }
        }
        var cells = cpu?.Numa?.Cells.Length ?? 0;
        foreach (var node in domain.HugepageNodes)
        {
            if (cells > 0 && node >= cells) throw domain.Error("hugepages", Diagnoses.HugepageNodeNotFound(node));
        }
        if (arch is "ppc64" or "ppc64le" && cpu?.Topology is { Threads: > 1 } pt && caps.Has(QemuCapabilityFlags.QueryHotpluggableCpus) &&
            domain.BootVcpus % pt.Threads != 0)
        {
            throw domain.Error("vcpu", Diagnoses.VcpusNotMultipleOfGranularity(pt.Threads));
        }
        if (cpu is null) return;
        if (cpu.MaxPhysAddr is { } mpa)
        {
            if (!isX86) throw domain.Error("maxphysaddr", Diagnoses.MaxPhysAddrOnArch(arch));
            if (mpa.Mode == MaxPhysAddrMode.Passthrough && mpa.Bits is not null)
            {
                throw domain.Error("maxphysaddr", Diagnoses.MaxPhysAddrBitsWithPassthrough());
            }
            if (mpa.Mode == MaxPhysAddrMode.Emulate && mpa.Bits is null)
            {
                throw domain.Error("maxphysaddr", Diagnoses.MaxPhysAddrEmulateWithoutBits());
            }
        }
        if (cpu.Cache is { } cache)
        {
            if (!isX86) throw domain.Error("cache", Diagnoses.CacheOnArch(arch));
            switch (cache.Mode)
            {
                case CacheMode.Emulate when cache.Level != 3:
                    throw domain.Error("cache", Diagnoses.CacheEmulateLevel());
                case CacheMode.Passthrough when cpu.Mode is not (CpuMode.HostPassthrough or CpuMode.Maximum):
                    throw domain.Error("cache", Diagnoses.CachePassthroughMode());
                case CacheMode.Passthrough or CacheMode.Disable when cache.Level is not null:
                    throw domain.Error("cache", Diagnoses.CacheLevelForMode(CpuNames.Of(cache.Mode)));
            }
        }
        if (!binaryKnown) return;
        if (cpu.Mode == CpuMode.HostPassthrough && cpu.Migratable == true && !caps.Has(QemuCapabilityFlags.CpuMigratable))
        {
            throw domain.Error("cpu", Diagnoses.MigratableUnsupportedByQemu());
        }
        if (cpu.Mode == CpuMode.Maximum && !caps.Has(QemuCapabilityFlags.CpuMax))
        {
            throw domain.Error("cpu", Diagnoses.MaximumUnsupportedByQemu());
        }
    }
}

using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Diagnostics;

namespace DomainCpu.Start;

/// <summary>
/// What libvirt's QEMU driver adds to a guest CPU when a domain is defined (SPEC §1.6): the machine type's
/// default model, check and migratable defaults, and NUMA cells filled with the vCPUs no cell names.
/// </summary>
internal static class DefinePostParse
{
    /// <summary>QEMU capability flag: host-passthrough takes a migratable property.</summary>
    public const string CpuMigratableFlag = "cpu.migratable";

    /// <summary>Applies the define-time defaults. <paramref name="caps"/> null behaves as libvirt with an
    /// empty capabilities record (no default model, no flags).</summary>
    /// <exception cref="DomainCpuException">libvirt would refuse the definition (e.g. check on a CPU with no model).</exception>
    public static CpuDefinition? Apply(CpuDefinition? cpu, DomainInfo domain, QemuCapabilities? caps, string file = "-", SourcePosition at = default)
    {
        caps ??= QemuCapabilities.None;
        CheckMachine(domain, caps, file, at);
        cpu = SetDefaultModel(cpu, domain, caps, file, at);
        if (cpu is null) return null;
        cpu = CpuPostParse(cpu, domain, caps);
        cpu = FillNumaCells(cpu, domain);
        if (cpu.Mode == CpuMode.Custom && cpu.ModelName is null && cpu.Check is not null)
        {
            throw DomainCpuException.At(file, at, Diagnoses.CheckWithoutModelAtDefine());
        }
        return cpu;
    }

    private static bool IsX86(string? arch) => arch is "x86_64" or "i686";

    /// <summary>With a capabilities record that lists machine types, libvirt refuses a machine the binary lacks.</summary>
    internal static void CheckMachine(DomainInfo domain, QemuCapabilities caps, string file, SourcePosition at)
    {
        if (domain.Machine is null || caps.Machines.IsEmpty) return;
        var accel = QemuCapabilities.AccelOf(domain.VirtType);
        if (caps.Machines.All(m => m.Accel != accel) || caps.FindMachine(domain.Machine, accel) is not null) return;
        throw DomainCpuException.At(file, at, Diagnoses.MachineNotOffered(domain.Machine));
    }

    private static CpuDefinition? SetDefaultModel(CpuDefinition? cpu, DomainInfo domain, QemuCapabilities caps, string file, SourcePosition at)
    {
        if (cpu is not null && (cpu.Mode != CpuMode.Custom || cpu.ModelName is not null)) return cpu;
        var arch = domain.Arch;
        var hasDriver = IsX86(arch) || arch is "ppc64" or "ppc64le" or "s390" or "s390x" or "aarch64" or "armv6l" or "armv7l" or "armv7b";
        if (!hasDriver) return cpu;
        if (!(IsX86(arch) || arch is "s390" or "s390x" or "ppc64" or "ppc64le" || domain.VirtType == "qemu")) return cpu;
        var model = caps.DefaultCpuModel(domain.Machine, QemuCapabilities.AccelOf(domain.VirtType));
        if (model is null) return cpu;
        var baseCpu = cpu ?? new CpuDefinition();
        if (model == "host")
        {
            if (domain.VirtType != "kvm")
            {
                throw DomainCpuException.At(file, at, Diagnoses.DefaultModelHost());
            }
            return baseCpu with { Mode = arch is "s390" or "s390x" ? CpuMode.HostModel : CpuMode.HostPassthrough };
        }
        return baseCpu with
        {
            Mode = CpuMode.Custom,
            Match = CpuMatch.Exact,
            Check = CpuCheck.None,
            Model = new CpuModelName(model, CpuFallback.Forbid, baseCpu.Model?.VendorId),
        };
    }

    private static CpuDefinition CpuPostParse(CpuDefinition cpu, DomainInfo domain, QemuCapabilities caps)
    {
        if (cpu.Mode == CpuMode.HostPassthrough && cpu.Migratable is null)
        {
            if (caps.Has(CpuMigratableFlag)) cpu = cpu with { Migratable = true };
            else if (IsX86(domain.Arch)) cpu = cpu with { Migratable = false };
        }
        if (cpu.Mode == CpuMode.Custom && cpu.ModelName is null) return cpu;
        return cpu with { Check = cpu.Check ?? DefaultCheck(cpu.Mode, domain) };
    }

    /// <summary>The check a CPU gets when it names none (the QEMU driver's post-parse default).</summary>
    public static CpuCheck DefaultCheck(CpuMode mode, DomainInfo domain) => mode switch
    {
        CpuMode.HostPassthrough or CpuMode.Maximum => CpuCheck.None,
        CpuMode.HostModel => CpuCheck.Partial,
        _ => domain.VirtType == "qemu" ? CpuCheck.None : CpuCheck.Partial,
    };

    private static CpuDefinition FillNumaCells(CpuDefinition cpu, DomainInfo domain)
    {
        if (cpu.Numa is not { } numa || numa.Cells.IsEmpty) return cpu;
        // A domain without <vcpu> has one vCPU.
        var max = domain.MaxVcpus ?? 1;
        var covered = new HashSet<int>();
        foreach (var c in numa.Cells)
        {
            if (c.Cpus is not null) covered.UnionWith(CpuSet.Parse(c.Cpus)!);
        }
        if (covered.Count >= max) return cpu;
        var missing = Enumerable.Range(0, (int)Math.Min(max, CpuSet.MaxCpuId + 1)).Where(i => !covered.Contains(i)).ToList();
        if (missing.Count == 0) return cpu;
        var cells = numa.Cells.Select(c =>
        {
            if ((c.Id ?? 0) != 0) return c;
            var ids = c.Cpus is null ? new List<int>() : CpuSet.Parse(c.Cpus)!.ToList();
            ids.AddRange(missing);
            return c with { Cpus = CpuSet.Format(ids) };
        }).ToImmutableArray();
        return cpu with { Numa = numa with { Cells = cells } };
    }
}

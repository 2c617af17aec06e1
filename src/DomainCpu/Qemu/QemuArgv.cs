using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Start;
using DomainCpu.Host;
using DomainCpu.Diagnostics;

namespace DomainCpu.Qemu;

/// <summary>The CPU part of a domain's QEMU command line, and what starting it would taint.</summary>
/// <param name="Cpu">The <c>-cpu</c> value; null when libvirt passes none.</param>
/// <param name="Smp">The <c>-smp</c> value.</param>
/// <param name="Taints">The taint flags the domain would get.</param>
/// <param name="Warnings">Warnings (option clashes with <c>&lt;qemu:cpu&gt;</c>, deprecations).</param>
public sealed record ArgvResult(string? Cpu, string? Smp, ImmutableArray<string> Taints, ImmutableArray<string> Warnings)
{
    /// <summary>Value equality over the lists too.</summary>
    public bool Equals(ArgvResult? other) =>
        other is not null && Cpu == other.Cpu && Smp == other.Smp && Taints.SequenceEqual(other.Taints) &&
        Warnings.SequenceEqual(other.Warnings);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Cpu, Smp, Taints.Length, Warnings.Length);
}

/// <summary>
/// Builds a domain's <c>-cpu</c> and <c>-smp</c> values the way libvirt does from parse to command line: define-time
/// defaults, then the start (<see cref="StartEngine"/>: validation and the start-time CPU update), then the arguments
/// from the CPU the start gives QEMU (SPEC §5.1, §6).
/// </summary>
internal static class QemuArgv
{
    /// <summary>Builds the arguments of a domain as parsed (before any driver default).</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="context">The target, host and binary; without a QEMU record, the built-in facts of the target's QEMU
    /// release (its catalog's machine types and models).</param>
    /// <exception cref="DomainCpuException">libvirt would refuse the domain (with its reason).</exception>
    public static ArgvResult Build(ArgvDomain domain, StartContext context)
    {
        context = context with { QemuCapabilities = context.QemuCapabilities ?? QemuBuiltinCapabilities.For(context.Target.Qemu) };
        if (context.Machine is not null) domain = domain with { Info = domain.Info with { Machine = context.Machine } };
        var binary = I386Emulator.CapabilitiesFor(domain.Emulator, context.QemuCapabilities);
        StartValidation.CheckEmulator(domain, binary);
        var cpu = domain.QemuCpu?.Model is not null
            ? domain.Cpu
            : DefinePostParse.Apply(domain.Cpu, domain.Info, binary, domain.File, domain.At("cpu"));
        return FromStart(domain, cpu, StartEngine.ForQemu(domain, cpu, context), binary, context);
    }

    /// <summary>The arguments of a started domain, with the refusals libvirt makes while it builds them.</summary>
    /// <param name="domain">The domain (its machine as the start uses it).</param>
    /// <param name="defined">The CPU with its define-time defaults (taints look at it).</param>
    /// <param name="forQemu">The CPU the start gives QEMU.</param>
    /// <param name="binary">The record of the binary the domain runs on.</param>
    /// <param name="context">The start's context (host NUMA nodes, incoming migration).</param>
    /// <exception cref="DomainCpuException">libvirt would refuse to build the command line.</exception>
    public static ArgvResult FromStart(ArgvDomain domain, CpuDefinition? defined, CpuDefinition? forQemu, QemuCapabilities binary, StartContext context)
    {
        var machine = binary.FindMachine(domain.Info.Machine, QemuCapabilities.AccelOf(domain.Info.VirtType));
        var deprecations = new List<string>();
        var taints = Taints.Of(domain, defined, binary, machine, context.Incoming, deprecations);
        var cpu = forQemu;
        var cpuArg = CpuArgBuilder.Build(domain, cpu, binary, context.Target.Libvirt);
        var guestCells = cpu?.Numa?.Cells.Length > 0;
        // libvirt's order: -cpu, then -m (the default RAM backend), then -smp, then -numa.
        if (!guestCells)
        {
            HostMemoryCheck.Check(domain, context.HostMemory, [], numatuneConsulted: machine?.DefaultRamId is not null);
            if (machine?.DefaultRamId is not null) HostNumaCheck.Check(domain, context.HostNumaNodes, guestCells: false);
        }
        var smp = SmpArgBuilder.Build(domain, cpu, binary, context.Target.Libvirt);
        if (guestCells)
        {
            HostMemoryCheck.Check(domain, context.HostMemory, cpu!.Numa!.Cells.Select((c, i) => (int)(c.Id ?? (uint)i)).ToImmutableArray(), numatuneConsulted: true);
            HostNumaCheck.Check(domain, context.HostNumaNodes, guestCells: true);
        }
        var warnings = cpuArg.Warnings.AddRange(deprecations.Select(d => $"deprecated configuration: {d}"));
        return new ArgvResult(cpuArg.Value, smp, taints, warnings);
    }
}

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
/// Builds a domain's <c>-cpu</c> and <c>-smp</c> values the way libvirt 9.0 does from parse to command line:
/// define-time defaults, validation, the start-time CPU update, then the arguments (SPEC §5.1, §6).
/// </summary>
public static class QemuArgv
{
    /// <summary>Builds the arguments.</summary>
    /// <exception cref="Diagnostics.DomainCpuException">libvirt would refuse the domain (with its reason).</exception>
    public static ArgvResult Build(ArgvDomain domain, ArgvEnvironment env)
    {
        var caps = I386Emulator.CapabilitiesFor(domain.Emulator, env.Caps);
        if (!ReferenceEquals(caps, env.Caps))
        {
            // The domain capabilities given describe qemu-system-x86_64, not the emulator the domain names.
            env = env with { Caps = caps, HostModel = null };
        }
        var info = env.Machine is null ? domain.Info : domain.Info with { Machine = env.Machine };
        domain = domain with { Info = info };
        var arch = info.Arch ?? "x86_64";
        if ((caps.Arch == "x86_64" && arch is not ("x86_64" or "i686")) || (caps.Arch == "i686" && arch != "i686"))
        {
            var binary = caps.Arch == "i686" ? "qemu-system-i386" : "qemu-system-x86_64";
            var message = domain.Emulator is { } emu && emu[(emu.LastIndexOf('/') + 1)..] == binary
                ? $"Emulator '{emu}' does not support arch '{arch}'"
                : $"the QEMU capabilities are those of {binary}, which cannot run a {arch} guest";
            throw domain.Error("domain", Diagnoses.EmulatorCannotRun(message));
        }
        var machine = caps.FindMachine(info.Machine, QemuCapabilities.AccelOf(info.VirtType));

        var cpu = domain.QemuCpu?.Model is not null
            ? domain.Cpu
            : DefinePostParse.Apply(domain.Cpu, info, caps, domain.File, domain.At("cpu"));
        ArgvValidation.Check(domain, cpu, caps, machine);

        // libvirt checks check='partial' against QEMU's full host model, and expands against its migratable one.
        if (env.Catalog is { } catalog && cpu?.Mode is CpuMode.HostModel or CpuMode.Custom &&
            caps.HostCpuFor(QemuCapabilities.AccelOf(info.VirtType)) is not null)
        {
            var accel = QemuCapabilities.AccelOf(info.VirtType);
            try
            {
                env = env with
                {
                    HostModel = env.HostModel ?? QemuHostModel.Build(catalog, caps, accel, migratable: true),
                    HostCpu = QemuHostModel.Build(catalog, caps, accel, migratable: false) ?? env.HostCpu,
                };
            }
            catch (Diagnostics.DomainCpuException ex) when (!ex.Diagnostic.HasLocation)
            {
                throw domain.Error("cpu", ex.Diagnostic);
            }
        }
        var deprecations = new List<string>();
        var taints = Taints.Of(domain, cpu, caps, machine, env.Incoming, deprecations);
        var updated = StartTimeCpu.Prepare(domain, cpu, env);
        var cpuArg = CpuArgBuilder.Build(domain, updated, caps);
        var guestCells = updated?.Numa?.Cells.Length > 0;
        // libvirt's order: -cpu, then -m (the default RAM backend), then -smp, then -numa.
        if (!guestCells && machine?.DefaultRamId is not null) HostNumaCheck.Check(domain, env.HostNumaNodes, guestCells: false);
        var smp = SmpArgBuilder.Build(domain, updated, caps);
        if (guestCells) HostNumaCheck.Check(domain, env.HostNumaNodes, guestCells: true);
        var warnings = cpuArg.Warnings.AddRange(deprecations.Select(d => $"deprecated configuration: {d}"));
        return new ArgvResult(cpuArg.Value, smp, taints, warnings);
    }
}

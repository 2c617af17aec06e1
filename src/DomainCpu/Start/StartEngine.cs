using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Targets;
using DomainCpu.X86;

namespace DomainCpu.Start;

/// <summary>
/// The one answer to "what CPU does this guest start with on this target, or why not": what libvirt's QEMU driver does
/// to a domain's CPU when the domain starts (SPEC §5.1): the driver's validation, the start-time update
/// (<c>qemuProcessUpdateGuestCPU</c>: mode, forbidden features, <c>check='partial'</c>, update, translation, the features
/// QEMU is never given or does not know), and, once QEMU runs, the live update (<c>qemuProcessUpdateLiveGuestCPU</c>).
/// <c>argv</c> builds the command line from <see cref="StartedCpu.ForQemu"/>; <c>expand</c> and <c>hook</c> write
/// <see cref="StartedCpu.Live"/>. Every refusal is a <see cref="DomainCpuException"/> at the domain's CPU.
/// </summary>
internal static class StartEngine
{
    /// <summary>Starts a domain whose CPU has its define-time defaults, up to the running guest: the CPU given to QEMU,
    /// and the live CPU once QEMU has reported what it gave (what <c>expand</c> and the hook answer).</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="cpu">Its CPU (with the define-time defaults; null when it has none).</param>
    /// <param name="context">The target, the host and the options.</param>
    /// <exception cref="DomainCpuException">libvirt would refuse to start the domain.</exception>
    public static StartedCpu Start(ArgvDomain domain, CpuDefinition? cpu, StartContext context) =>
        DomainCpuException.Locate(domain.File, domain.At("cpu"), () =>
        {
            var (host, forQemu) = BeforeQemu(domain, cpu, context, launching: true);
            QemuCommandLineCheck.Check(domain, context.Target.Qemu.Options, context.HostPathExists);
            VerifyPvSpinlocks(domain, host, context);
            if (forQemu is null) return StartedCpu.None;
            if (forQemu.Mode == CpuMode.Custom && forQemu.ModelName is null) return new StartedCpu(forQemu, AlignNumaMemory(forQemu, host.Domain), null);
            return Live(forQemu, host, context);
        });

    /// <summary>Starts a domain up to its command line: the CPU libvirt gives QEMU (what <c>argv</c> builds from). What
    /// QEMU then reports is not asked for, so check='full' is not verified.</summary>
    /// <exception cref="DomainCpuException">libvirt would refuse to start the domain.</exception>
    public static CpuDefinition? ForQemu(ArgvDomain domain, CpuDefinition? cpu, StartContext context) =>
        DomainCpuException.Locate(domain.File, domain.At("cpu"), () => BeforeQemu(domain, cpu, context, launching: false).ForQemu);

    /// <summary>The driver's validation and the start-time update (SPEC §5.1 steps 1–3); a real start (not one that
    /// only builds the command line) asks numad in between.</summary>
    private static (StartHost Host, CpuDefinition? ForQemu) BeforeQemu(ArgvDomain domain, CpuDefinition? cpu, StartContext context, bool launching)
    {
        if (context.Machine is not null) domain = domain with { Info = domain.Info with { Machine = context.Machine } };
        var host = StartHost.For(context, domain.Info);
        if (domain.Settings.Hyperv?.UnknownTo(context.Target.Libvirt) is { } unknown)
        {
            throw domain.Error("domain", Diagnoses.HypervRefused($"unsupported HyperV Enlightenment feature: {unknown}"));
        }
        if (host.Qemu is { } qemu) StartValidation.Check(domain, cpu, qemu);
        if (launching) LaunchCheck.Placement(domain, context);
        if (cpu is null || cpu.Mode == CpuMode.Custom && cpu.ModelName is null) return (host, cpu);
        return (host, UpdateGuestCpu(domain, cpu with { Check = cpu.Check ?? DefinePostParse.DefaultCheck(cpu.Mode, domain.Info) }, host));
    }

    /// <summary>libvirt's CPU update alone, for a standalone <c>&lt;cpu&gt;</c> that is no domain being started (what
    /// cputest's update kinds test, SPEC §7.5–§7.7): <c>optional</c> features resolved by the host, host-model and
    /// <c>match='minimum'</c> rewritten as the host's model, translated to a given model list, and updated by QEMU's
    /// reported CPU data; fallback and check stay, nothing is checked against the host, nothing is dropped.</summary>
    /// <exception cref="DomainCpuException">The CPU needs the host's model and none is known, or names what the CPU models do
    /// not know, or differs from QEMU's report under check='full'.</exception>
    public static CpuDefinition Update(CpuDefinition cpu, StartContext context, string file = "-", SourcePosition at = default) =>
        DomainCpuException.Locate(file, at, () =>
        {
            var host = StartHost.For(context, new DomainInfo(null, null, null, null, null));
            cpu = X86Update.Update(context.Models, cpu, host.Migratable);
            if (context.AllowedModels is not null) cpu = X86Translate.Translate(context.Models, cpu, host.OfferedModels());
            if (context.QemuEnabled is not null || context.QemuDisabled is not null)
            {
                cpu = X86UpdateLive.Update(context.Target.Libvirt, context.Models, cpu, context.QemuEnabled, context.QemuDisabled);
            }
            return cpu;
        });

    /// <summary>SPEC §5.1 step 3 (<c>qemuProcessUpdateGuestCPU</c>, with <c>virCPUValidateFeatures</c> before it).</summary>
    private static CpuDefinition UpdateGuestCpu(ArgvDomain domain, CpuDefinition cpu, StartHost host)
    {
        var models = host.Models;
        if (!host.GoesByCapabilities && host.IsX86)
        {
            foreach (var f in cpu.Features)
            {
                if (models.FindFeature(f.Name) is null) throw domain.Error(ArgvDomain.FeatureKey(f.Name), Diagnoses.FeatureUnknownToCpuMap(f.Name));
            }
        }
        if (!host.Supports(cpu.Mode)) throw Unsupported(cpu.Mode, host.Domain);
        if (cpu.Check != CpuCheck.None && host.Full is { } full) CheckForbidden(cpu, full);
        if (cpu.Mode is CpuMode.Custom or CpuMode.HostModel)
        {
            if (host.GoesByCapabilities) ByCapabilities.Check(cpu, host);
            else CheckPartial(cpu, host);
            cpu = X86Update.Update(models, cpu, host.Migratable);
            cpu = X86Translate.Translate(models, cpu, host.OfferedModels());
            cpu = cpu with { Model = cpu.Model! with { Fallback = CpuFallback.Forbid } };
        }
        cpu = FeaturesNeverPassedToQemu.Drop(cpu);
        if (host.IsX86 && host.Libvirt.Has(LibvirtRules.TopologyFeaturesLeftToQemu)) cpu = TopologyFeatures.Drop(cpu);
        return DropFeaturesUnknownToQemu(cpu, host);
    }

    /// <summary>Step 3f with libvirt's x86 algorithms: <c>check='partial'</c> asks whether the host can run the CPU, as the
    /// target release decides it (<see cref="X86PartialCheck"/>).</summary>
    private static void CheckPartial(CpuDefinition cpu, StartHost host)
    {
        if (cpu.Check != CpuCheck.Partial) return;
        var verdicts = host.Libvirt.Has(LibvirtRules.PartialCheckTrustsUsableModels) ? host.LibvirtDomainCapabilities : null;
        var verdict = X86PartialCheck.Check(host.Libvirt, host.Models, cpu, host.Full, verdicts?.HostModel.Cpu, verdicts?.Custom.Models);
        if (verdict is { Result: CompareVerdict.Incompatible }) throw new DomainCpuException(Diagnoses.IncompatibleWithHost(verdict.Reason));
    }

    /// <summary>libvirt's <c>virCPUCheckForbiddenFeatures</c> (step 3e): a feature the CPU forbids that the full host CPU
    /// lists and does not disable.</summary>
    private static void CheckForbidden(CpuDefinition cpu, CpuDefinition fullHost)
    {
        foreach (var f in cpu.Features.Where(f => f.Policy == FeaturePolicy.Forbid))
        {
            if (fullHost.FindFeature(f.Name) is { } provided && provided.Policy != FeaturePolicy.Disable)
            {
                throw new DomainCpuException(Diagnoses.ForbiddenFeaturePresent(f.Name));
            }
        }
    }

    /// <summary>Step 3h (<c>qemuProcessDropUnknownCPUFeatures</c>): on x86, a disabled or forbidden feature QEMU does not
    /// know is off anyway, and libvirt drops it; any mode. From
    /// <see cref="LibvirtRules.UnknownFeaturesSkippedOnCommandLine"/> it stays in the CPU and only the command line
    /// leaves it out.</summary>
    private static CpuDefinition DropFeaturesUnknownToQemu(CpuDefinition cpu, StartHost host)
    {
        if (!host.IsX86 || host.Libvirt.Has(LibvirtRules.UnknownFeaturesSkippedOnCommandLine) || host.QemuFeatures() is not { } known) return cpu;
        return cpu with
        {
            Features = cpu.Features.Where(f => f.Policy is not (FeaturePolicy.Disable or FeaturePolicy.Forbid) || known.Contains(f.Name))
                .ToImmutableArray(),
        };
    }

    /// <summary>SPEC §5.1 step 5 (<c>qemuProcessUpdateLiveGuestCPU</c>): what QEMU reports (or, under TCG without a report,
    /// what QEMU's catalog and its TCG give) updates a custom CPU, which then has <c>check='full'</c>; host-passthrough and
    /// maximum stay as they are unless check='full' verifies them.</summary>
    private static StartedCpu Live(CpuDefinition forQemu, StartHost host, StartContext context)
    {
        var models = context.Models;
        var reads = ReadsStartedCpu(host);
        var reported = reads && (context.QemuEnabled is not null || context.QemuDisabled is not null);
        if (forQemu.Mode is CpuMode.HostPassthrough or CpuMode.Maximum)
        {
            if (reported) VerifyInvariantTsc(models, forQemu, context.QemuEnabled);
            var verified = reported && forQemu.Check == CpuCheck.Full
                ? X86UpdateLive.Update(context.Target.Libvirt, models, forQemu, context.QemuEnabled, context.QemuDisabled)
                : forQemu;
            return new StartedCpu(forQemu, AlignNumaMemory(verified, host.Domain), null);
        }
        var live = forQemu;
        if (!host.GoesByCapabilities && reported)
        {
            VerifyInvariantTsc(models, forQemu, context.QemuEnabled);
            live = UpdateLive(forQemu, host, context.QemuEnabled, context.QemuDisabled);
        }
        else if (reads && !host.GoesByCapabilities && host.TcgMax is { } tcgMax &&
                 TcgGuestCpu.Predict(models, context.Target.Qemu, tcgMax, host.Domain.Machine, host.Domain.Arch, forQemu) is var (enabled, disabled))
        {
            VerifyInvariantTsc(models, forQemu, enabled);
            live = UpdateLive(forQemu, host, enabled, disabled);
        }
        var origin = Equals(forQemu, live) ? null : forQemu;
        if (reads) live = live with { Check = CpuCheck.Full };
        if (context.PinModelVersion &&
            ModelVersions.Decide(live.ModelName!, host.Domain.Machine, context.Target.Qemu, context.Target.Libvirt) is { Pinned: { } pinned })
        {
            live = live with { Model = live.Model! with { Name = pinned } };
            if (origin is not null) origin = origin with { Model = origin.Model! with { Name = pinned } };
        }
        return new StartedCpu(forQemu, AlignNumaMemory(live, host.Domain), origin);
    }

    /// <summary>Whether libvirt reads the started vCPU back from QEMU (<c>qemuProcessFetchGuestCPU</c>), which the live
    /// update and <c>check='full'</c> follow: on x86 always, but from
    /// <see cref="LibvirtRules.StartedCpuReadOnlyWithUnavailableFeatures"/> only when its record of the binary has
    /// <c>cpu-unavailable-features</c> (qemu-system-i386's never has).</summary>
    private static bool ReadsStartedCpu(StartHost host) =>
        !(host.IsX86 && host.Libvirt.Has(LibvirtRules.StartedCpuReadOnlyWithUnavailableFeatures) &&
          host.Qemu is { } qemu && !qemu.Has(QemuCapabilityFlags.CpuUnavailableFeatures));

    /// <summary>The live update by what QEMU enabled and disabled, less the features the release leaves to QEMU.</summary>
    private static CpuDefinition UpdateLive(CpuDefinition cpu, StartHost host, X86Data? enabled, X86Data? disabled)
    {
        if (host.IsX86 && host.Libvirt.Has(LibvirtRules.TopologyFeaturesLeftToQemu))
        {
            enabled = TopologyFeatures.Drop(host.Models, enabled);
            disabled = TopologyFeatures.Drop(host.Models, disabled);
        }
        return X86UpdateLive.Update(host.Libvirt, host.Models, cpu, enabled, disabled);
    }

    /// <summary>KVM's <c>kvm_pv_unhalt</c> (CPUID 0x40000001 EAX bit 7): libvirt defines its KVM features in its code,
    /// not in cpu_map, so the target's CPU models do not hold it.</summary>
    private static readonly X86Data KvmPvUnhalt = X86Data.Of(X86Key.Cpuid(0x40000001), new X86Regs(0x80, 0, 0, 0));

    /// <summary>libvirt's <c>qemuProcessVerifyKVMFeatures</c>, the first check on what QEMU started, whatever the CPU's
    /// mode (none too): <c>&lt;pvspinlock state='on'/&gt;</c> needs <c>kvm_pv_unhalt</c> in the vCPU. Under TCG the vCPU
    /// never has it (QEMU clears the KVM paravirtual leaf without KVM, silently); under KVM only QEMU's report tells.</summary>
    private static void VerifyPvSpinlocks(ArgvDomain domain, StartHost host, StartContext context)
    {
        if (domain.Settings.PvSpinlock != true || !host.IsX86) return;
        var lacks = context.QemuEnabled is { } enabled ? !enabled.Contains(KvmPvUnhalt) : host.Domain.VirtType == "qemu";
        if (lacks) throw domain.Error("features", Diagnoses.NoPvSpinlocks());
    }

    /// <summary>libvirt's <c>qemuProcessVerifyCPUFeatures</c>, run on what QEMU started before the live update: a CPU
    /// that has the invariant TSC (its model's or a required feature) and a vCPU without it (TCG never gives one; with
    /// check='none' QEMU drops it silently) is refused.</summary>
    private static void VerifyInvariantTsc(CpuCatalog models, CpuDefinition cpu, X86Data? enabled)
    {
        if (enabled is null || models.FindFeature("invtsc") is not { } invtsc) return;
        if (X86ModelData.All(models, cpu).Data.Contains(invtsc.Data) && !enabled.Contains(invtsc.Data))
        {
            throw new DomainCpuException(Diagnoses.NoInvariantTsc());
        }
    }

    /// <summary>QEMU needs NUMA cell sizes in whole MiB (256 MiB on ppc64); libvirt rounds them up at start.</summary>
    private static CpuDefinition AlignNumaMemory(CpuDefinition cpu, DomainInfo domain)
    {
        if (cpu.Numa is not { } numa || numa.Cells.IsEmpty) return cpu;
        ulong align = domain.Arch is "ppc64" or "ppc64le" ? 256 * 1024UL : 1024UL;
        var cells = numa.Cells.Select(c => c with { MemoryKiB = (c.MemoryKiB + align - 1) / align * align }).ToImmutableArray();
        return cpu with { Numa = numa with { Cells = cells } };
    }

    private static DomainCpuException Unsupported(CpuMode mode, DomainInfo domain) =>
        new(Diagnoses.CpuModeUnsupported(CpuNames.Of(mode), domain.Arch ?? "x86_64", domain.VirtType ?? "kvm", "x86_64"));
}

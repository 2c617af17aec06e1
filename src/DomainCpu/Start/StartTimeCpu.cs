using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;

namespace DomainCpu.Start;

/// <summary>
/// What libvirt does to the guest CPU at start before the command line is built
/// (<c>qemuProcessStartValidate</c> and <c>qemuProcessUpdateGuestCPU</c>, SPEC §5.1 step 3): mode support,
/// feature names, check='partial', update, translation, fallback forbid, and the features never given to QEMU.
/// </summary>
public static class StartTimeCpu
{
    /// <summary>Features libvirt never passes to QEMU, whatever their policy.</summary>
    public static readonly IReadOnlySet<string> NeverPassed = new HashSet<string>(StringComparer.Ordinal)
    {
        "cmt", "mbm_total", "mbm_local", "osxsave", "ospke",
    };

    /// <summary>Runs the start-time steps on a CPU that has its define-time defaults.</summary>
    /// <exception cref="Diagnostics.DomainCpuException">libvirt would refuse to start the domain.</exception>
    public static CpuDefinition? Prepare(ArgvDomain domain, CpuDefinition? cpu, ArgvEnvironment env)
    {
        if (cpu is null || cpu.Mode == CpuMode.Custom && cpu.ModelName is null) return cpu;
        var caps = env.Caps;
        var engine = env.Engine ?? (env.Catalog is { } catalog
            ? new CatalogStartTimeEngine(catalog, domain.File, domain.At("cpu"))
            : new LimitedStartTimeEngine(domain.File, domain.At("cpu")));
        var arch = domain.Info.Arch ?? "x86_64";
        var isX86 = arch is "x86_64" or "i686";
        var virt = domain.Info.VirtType ?? "qemu";
        var accel = QemuCapabilities.AccelOf(virt);

        foreach (var f in cpu.Features)
        {
            if (engine.IsKnownFeature(f.Name) == false) throw domain.Error("cpu", Diagnoses.FeatureUnknownToCpuMap(f.Name));
        }
        if (!ModeSupported(cpu.Mode, virt, accel, caps, env))
        {
            throw domain.Error("cpu", Diagnoses.CpuModeUnsupported(cpu.Mode, arch, virt, "x86_64"));
        }
        if (cpu.Mode is CpuMode.Custom or CpuMode.HostModel)
        {
            if (cpu.Check == CpuCheck.Partial) engine.CheckPartial(cpu, env.HostCpu);
            cpu = engine.Update(cpu, env.HostModel);
            var models = caps.ModelsFor(accel).Select(m => m.Name).ToList();
            if (cpu.ModelName is { } model && models.Count > 0 && !models.Contains(model))
            {
                if (cpu.Model?.Fallback == CpuFallback.Forbid)
                {
                    throw domain.Error("cpu", Diagnoses.ModelUnsupported(model));
                }
                cpu = engine.Translate(cpu, models);
            }
            cpu = cpu with { Model = (cpu.Model ?? new CpuModelName(null)) with { Fallback = CpuFallback.Forbid } };
        }
        if (!isX86) return cpu;
        var known = caps.HostCpuFor(accel)?.Properties
            .Where(p => p.Type == "boolean")
            .Select(p => QemuFeatureNames.ToLibvirt(p.Name))
            .ToHashSet(StringComparer.Ordinal);
        var features = cpu.Features.Where(f =>
            !NeverPassed.Contains(f.Name) &&
            !(known is not null && f.Policy is FeaturePolicy.Disable or FeaturePolicy.Forbid && !known.Contains(f.Name)));
        return cpu with { Features = features.ToImmutableArray() };
    }

    private static bool ModeSupported(CpuMode mode, string virt, string accel, QemuCapabilities caps, ArgvEnvironment env) => mode switch
    {
        CpuMode.HostPassthrough => virt is "kvm" or "hvf",
        CpuMode.HostModel => env.HostModel is not null || caps.HostCpuFor(accel) is not null,
        CpuMode.Maximum => caps.Has(QemuCapabilityFlags.CpuMax),
        _ => caps.ModelsFor(accel).Any(),
    };
}

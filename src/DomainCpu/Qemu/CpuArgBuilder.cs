using System.Collections.Immutable;
using System.Globalization;
using DomainCpu.Model;
using DomainCpu.Start;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;
using DomainCpu.Targets;

namespace DomainCpu.Qemu;

/// <summary>The <c>-cpu</c> value and what was noticed while building it.</summary>
/// <param name="Value">The value; null when libvirt would pass no <c>-cpu</c>.</param>
/// <param name="Warnings">Warnings (e.g. an option of <c>&lt;qemu:cpu&gt;</c> that other settings also set).</param>
internal sealed record CpuArgument(string? Value, ImmutableArray<string> Warnings);

/// <summary>
/// Builds the <c>-cpu</c> value as libvirt 9.0 does (<c>qemuBuildCpuCommandLine</c>, SPEC §6.1): BASE from the
/// CPU (or from <c>&lt;qemu:cpu&gt;</c>), then the CPU's own properties, then the FLAGS of clock, features, cache and
/// maxphysaddr in their fixed order. The CPU must already have gone through the start-time update
/// (<see cref="StartEngine"/>); host-model reaching this point is libvirt's internal error.
/// </summary>
internal static class CpuArgBuilder
{
    /// <summary>Builds the value.</summary>
    /// <param name="domain">The domain (settings, arch, emulator, qemu:cpu).</param>
    /// <param name="cpu">The start-time updated CPU; null when the domain has none.</param>
    /// <param name="caps">The QEMU capabilities (flags cpu.migratable, cpu-cache).</param>
    /// <param name="libvirt">The libvirt release whose command line is built.</param>
    /// <exception cref="Diagnostics.DomainCpuException">libvirt would refuse to build the argument.</exception>
    public static CpuArgument Build(ArgvDomain domain, CpuDefinition? cpu, QemuCapabilities caps, LibvirtProfile libvirt)
    {
        var arch = domain.Info.Arch ?? "x86_64";
        var isX86 = arch is "x86_64" or "i686";
        string? baseName = null;
        var cpuProps = new List<CpuProperty>();
        var qemuCpu = domain.QemuCpu;

        if (cpu is not null && (cpu.Mode != CpuMode.Custom || cpu.ModelName is not null))
        {
            baseName = cpu.Mode switch
            {
                CpuMode.Custom => cpu.ModelName,
                CpuMode.HostPassthrough => "host",
                CpuMode.Maximum => "max",
                _ => arch is "ppc64" or "ppc64le" ? "host"
                    : throw domain.Error("cpu", Diagnoses.HostModelOnArch(arch)),
            };
            if (cpu.Mode is CpuMode.HostPassthrough or CpuMode.Maximum && cpu.Migratable is { } mig && caps.Has(QemuCapabilityFlags.CpuMigratable))
            {
                cpuProps.Add(new CpuProperty("migratable", OnOff(mig), "<cpu migratable>"));
            }
            if (cpu.Model?.VendorId is { } vendorId)
            {
                cpuProps.Add(new CpuProperty("vendor", vendorId, "<cpu><model vendor_id>"));
            }
            // libvirt 10.5+ keeps a disabled feature QEMU does not know in the CPU and leaves it off the command line.
            var known = isX86 && libvirt.Has(LibvirtRules.UnknownFeaturesSkippedOnCommandLine) ? QemuFeatureNames.KnownTo(caps, domain.Info.VirtType) : null;
            foreach (var f in cpu.Features)
            {
                if (f.Policy is FeaturePolicy.Disable or FeaturePolicy.Forbid && known is not null && !known.Contains(f.Name)) continue;
                var on = f.Policy switch
                {
                    FeaturePolicy.Force or FeaturePolicy.Require or null => true,
                    FeaturePolicy.Disable or FeaturePolicy.Forbid => false,
                    _ => (bool?)null,
                };
                if (on is null) continue;
                var name = isX86 ? QemuFeatureNames.ToQemu(f.Name) : f.Name;
                cpuProps.Add(new CpuProperty(name, OnOff(on.Value), $"<cpu><feature name='{f.Name}'>"));
            }
        }
        else if (arch == "i686" && domain.Emulator is { } emu && (emu.Contains("x86_64", StringComparison.Ordinal) || emu.Contains("kvm", StringComparison.Ordinal)))
        {
            baseName = "qemu32";
        }

        if (qemuCpu?.Model is { } qemuModel)
        {
            if (domain.Cpu is { } own && (own.Mode != CpuMode.Custom || own.ModelName is not null))
            {
                var what = own.Mode == CpuMode.Custom ? $"model '{own.ModelName}'" : $"mode '{CpuNames.Of(own.Mode)}'";
                throw domain.Error("qemu:cpu", Diagnoses.QemuModelAndCpuModel(qemuModel, what));
            }
            baseName = qemuModel;
        }

        var qemuProps = qemuCpu?.Options.Select(o => new CpuProperty(o.Name, o.Value, $"<qemu:cpu><qemu:option name='{o.Name}'>")).ToList()
                        ?? new List<CpuProperty>();
        var flags = Flags(domain, cpu, caps, arch, libvirt);
        var generated = cpuProps.Concat(flags).ToList();

        if (baseName is null && (generated.Count > 0 || qemuProps.Count > 0))
        {
            baseName = arch switch
            {
                "i686" => "qemu32",
                "x86_64" => "qemu64",
                _ => throw domain.Error("cpu", Diagnoses.NoDefaultCpu(arch)),
            };
        }
        if (baseName is null) return new CpuArgument(null, ImmutableArray<string>.Empty);

        var warnings = ImmutableArray.CreateBuilder<string>();
        foreach (var q in qemuProps)
        {
            foreach (var g in generated.Where(g => g.Name == q.Name))
            {
                warnings.Add($"-cpu property '{q.Name}' is set by {q.Origin} ({q}) and also by {g.Origin} ({g}); QEMU uses the later one, {g}");
            }
        }
        var parts = new List<string> { baseName };
        parts.AddRange(qemuProps.Concat(generated).Select(p => p.ToString()));
        return new CpuArgument(string.Join(",", parts), warnings.ToImmutable());
    }

    private static List<CpuProperty> Flags(ArgvDomain domain, CpuDefinition? cpu, QemuCapabilities caps, string arch, LibvirtProfile libvirt)
    {
        var s = domain.Settings;
        var list = new List<CpuProperty>();
        foreach (var t in s.Timers)
        {
            var origin = $"<clock><timer name='{t.Name}'>";
            switch (t.Name)
            {
                case "kvmclock" when t.Present is { } present:
                    list.Add(new CpuProperty("kvmclock", OnOff(present), origin));
                    break;
                case "hypervclock" when t.Present == true:
                    list.Add(new CpuProperty("hv-time", "on", origin));
                    break;
                case "tsc" when t.Frequency is { } hz:
                    list.Add(new CpuProperty("tsc-frequency", hz.ToString(CultureInfo.InvariantCulture), origin));
                    break;
                case "armvtimer" when t.TickPolicy is "delay" or "discard":
                    list.Add(new CpuProperty("kvm-no-adjvtime", t.TickPolicy == "delay" ? "off" : "on", origin));
                    break;
            }
        }
        if (s.ApicEoi is { } eoi) list.Add(new CpuProperty("kvm-pv-eoi", OnOff(eoi), "<features><apic eoi>"));
        if (s.PvSpinlock is { } pv) list.Add(new CpuProperty("kvm-pv-unhalt", OnOff(pv), "<features><pvspinlock>"));
        if (s.Hyperv is { } hv)
        {
            if (hv.Passthrough) list.Add(new CpuProperty("hv-passthrough", "on", "<features><hyperv mode='passthrough'>"));
            foreach (var name in HypervSettings.Order)
            {
                if (hv.Find(name) is not { On: true } f) continue;
                var origin = $"<features><hyperv><{name}>";
                switch (name)
                {
                    case "spinlocks":
                        list.Add(new CpuProperty("hv-spinlocks", "0x" + (f.Retries ?? 0).ToString("x", CultureInfo.InvariantCulture), origin));
                        break;
                    case "vendor_id":
                        list.Add(new CpuProperty("hv-vendor-id", f.Value ?? "", origin));
                        break;
                    default:
                        list.Add(new CpuProperty("hv-" + name.Replace('_', '-'), "on", origin));
                        if (name == "stimer" && f.StimerDirect) list.Add(new CpuProperty("hv-stimer-direct", "on", "<features><hyperv><stimer><direct>"));
                        if (f.TlbflushDirect == true) list.Add(new CpuProperty("hv-tlbflush-direct", "on", "<features><hyperv><tlbflush><direct>"));
                        if (f.TlbflushExtended == true) list.Add(new CpuProperty("hv-tlbflush-ext", "on", "<features><hyperv><tlbflush><extended>"));
                        break;
                }
            }
        }
        if (s.HypervPanic) list.Add(new CpuProperty("hv-crash", libvirt.Has(LibvirtRules.HypervCrashSwitch) ? "on" : null, "<devices><panic model='hyperv'>"));
        if (s.Kvm is { } kvm)
        {
            if (kvm.Hidden == true) list.Add(new CpuProperty("kvm", "off", "<features><kvm><hidden>"));
            if (kvm.HintDedicated == true) list.Add(new CpuProperty("kvm-hint-dedicated", "on", "<features><kvm><hint-dedicated>"));
            if (kvm.PollControl == true) list.Add(new CpuProperty("kvm-poll-control", "on", "<features><kvm><poll-control>"));
            if (kvm.PvIpi == false) list.Add(new CpuProperty("kvm-pv-ipi", "off", "<features><kvm><pv-ipi>"));
        }
        if (s.Pmu is { } pmu && arch is not ("ppc64" or "ppc64le")) list.Add(new CpuProperty("pmu", OnOff(pmu), "<features><pmu>"));
        if (cpu?.Cache is { } cache)
        {
            var cacheCap = libvirt.Has(LibvirtRules.CacheWithoutCapability) || caps.Has(QemuCapabilityFlags.CpuCache);
            var hostOff = cpu.Mode is CpuMode.HostPassthrough or CpuMode.Maximum && cacheCap;
            const string origin = "<cpu><cache>";
            switch (cache.Mode)
            {
                case CacheMode.Emulate:
                    list.Add(new CpuProperty("l3-cache", "on", origin));
                    if (hostOff) list.Add(new CpuProperty("host-cache-info", "off", origin));
                    break;
                case CacheMode.Passthrough:
                    list.Add(new CpuProperty("host-cache-info", "on", origin));
                    if (cacheCap) list.Add(new CpuProperty("l3-cache", "off", origin));
                    break;
                default:
                    if (hostOff) list.Add(new CpuProperty("host-cache-info", "off", origin));
                    if (cacheCap) list.Add(new CpuProperty("l3-cache", "off", origin));
                    break;
            }
        }
        if (cpu?.MaxPhysAddr is { } mpa)
        {
            const string origin = "<cpu><maxphysaddr>";
            if (mpa.Mode == MaxPhysAddrMode.Passthrough)
            {
                list.Add(new CpuProperty("host-phys-bits", "on", origin));
                if (mpa.Limit is { } limit and > 0) list.Add(new CpuProperty("host-phys-bits-limit", limit.ToString(CultureInfo.InvariantCulture), origin));
            }
            else if (mpa.Bits is { } bits) list.Add(new CpuProperty("phys-bits", bits.ToString(CultureInfo.InvariantCulture), origin));
            else list.Add(new CpuProperty("host-phys-bits", "off", origin));
        }
        return list;
    }

    private static string OnOff(bool on) => on ? "on" : "off";
}

using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.Diagnostics;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Host;
using DomainCpu.X86;

namespace DomainCpu.Start;

/// <summary>
/// libvirt's QEMU driver at domain start (SPEC §5.1–§5.2): the configured <c>&lt;cpu&gt;</c> becomes the live one.
/// host-model and <c>match='minimum'</c> become the host's model with the guest's features applied, custom CPUs
/// get <c>fallback='forbid'</c>, and every expanded CPU ends with <c>check='full'</c>; host-passthrough and
/// maximum stay as configured. A CPU the host cannot run is refused with the reason.
/// </summary>
public static class CpuExpander
{
    /// <summary>Features libvirt never passes to QEMU; they are dropped from an expanded CPU whatever their policy.</summary>
    public static readonly ImmutableHashSet<string> NeverPassedToQemu =
        ImmutableHashSet.Create(StringComparer.Ordinal, "cmt", "mbm_total", "mbm_local", "osxsave", "ospke");

    /// <summary>Host features a migratable host CPU leaves out (they cannot survive a migration).</summary>
    public static readonly ImmutableHashSet<string> NonMigratable = ImmutableHashSet.Create(StringComparer.Ordinal, "invtsc");

    /// <summary>The live CPU of a guest started on <paramref name="host"/>.</summary>
    /// <param name="cpu">The configured (inactive) CPU; null when the domain has none.</param>
    /// <param name="domain">The domain's type, arch and machine.</param>
    /// <param name="host">What is known about the host.</param>
    /// <param name="options">Expansion options; the defaults when null.</param>
    /// <param name="file">The file name for findings.</param>
    /// <param name="at">The position of the CPU element for findings.</param>
    /// <exception cref="DomainCpuException">The host cannot run the CPU (category <c>host</c>).</exception>
    public static CpuDefinition? Start(CpuDefinition? cpu, DomainInfo domain, ExpansionHost host,
        ExpansionOptions? options = null, string file = "-", SourcePosition at = default) =>
        StartWithOrigin(cpu, domain, host, options, file, at)?.Cpu;

    /// <summary>The live CPU of a guest started on <paramref name="host"/>, with the CPU as it was before QEMU's
    /// report changed it (libvirt keeps that one for migration); see <see cref="Start"/>.</summary>
    /// <param name="cpu">The configured (inactive) CPU; null when the domain has none.</param>
    /// <param name="domain">The domain's type, arch and machine.</param>
    /// <param name="host">What is known about the host.</param>
    /// <param name="options">Expansion options; the defaults when null.</param>
    /// <param name="file">The file name for findings.</param>
    /// <param name="at">The position of the CPU element for findings.</param>
    /// <exception cref="DomainCpuException">The host cannot run the CPU (category <c>host</c>).</exception>
    public static LiveCpu? StartWithOrigin(CpuDefinition? cpu, DomainInfo domain, ExpansionHost host,
        ExpansionOptions? options = null, string file = "-", SourcePosition at = default)
    {
        if (cpu is null) return null;
        options ??= ExpansionOptions.Default;
        var fail = new StartFailure(file, at, domain);
        cpu = AlignNumaMemory(cpu, domain);
        if (cpu.Mode == CpuMode.Custom && cpu.ModelName is null) return new LiveCpu(cpu, null);
        cpu = cpu with { Check = cpu.Check ?? DefaultCheck(cpu.Mode, domain) };
        host = ForEmulator(host, domain, options.Catalog);
        var caps = host.DomainCapabilities;
        switch (cpu.Mode)
        {
            case CpuMode.HostPassthrough:
                if (caps is { HostPassthrough.Supported: false }) throw fail.Unsupported(cpu.Mode);
                return new LiveCpu(VerifyLive(cpu, options, fail), null);
            case CpuMode.Maximum:
                if (caps is { Maximum.Supported: false }) throw fail.Unsupported(cpu.Mode);
                return new LiveCpu(VerifyLive(cpu, options, fail), null);
        }
        var catalog = options.Catalog;
        var hostModel = catalog is null ? HostModelCpu(host) : MigratableHost(host, catalog);
        if (cpu.Mode == CpuMode.HostModel && (hostModel is null || caps is { HostModel.Supported: false }))
        {
            throw fail.Unsupported(cpu.Mode);
        }
        CpuDefinition? beforeQemu = null;
        try
        {
            cpu = catalog is null ? StartWithoutCatalog(cpu, caps, hostModel, fail) : StartWithCatalog(cpu, host, hostModel, catalog, options.AllowedModels, fail);
            cpu = cpu with
            {
                Model = cpu.Model! with { Fallback = CpuFallback.Forbid },
                Features = cpu.Features.Where(f => !NeverPassedToQemu.Contains(f.Name)).ToImmutableArray(),
            };
            cpu = DropFeaturesUnknownToQemu(cpu, domain, host);
            beforeQemu = cpu;
            if (catalog is not null && (options.QemuEnabled is not null || options.QemuDisabled is not null))
            {
                cpu = X86UpdateLive.Update(catalog, cpu, options.QemuEnabled, options.QemuDisabled);
            }
            else if (catalog is not null && PredictedUnderTcg(cpu, domain, host, options, catalog) is var (enabled, disabled))
            {
                cpu = X86UpdateLive.Update(catalog, cpu, enabled, disabled);
            }
        }
        catch (CpuOperationException ex)
        {
            throw fail.Error(ex.Id, ex.Message);
        }
        var origin = beforeQemu is not null && !Equals(beforeQemu, cpu) ? beforeQemu : null;
        cpu = cpu with { Check = CpuCheck.Full };
        if (options.PinModelVersion &&
            ModelVersions.Decide(cpu.ModelName!, options.Machine ?? domain.Machine, options.Qemu ?? EmbeddedCatalog.Qemu,
                options.Libvirt ?? Targets.LibvirtProfile.Newest) is { Pinned: { } pinned })
        {
            cpu = cpu with { Model = cpu.Model! with { Name = pinned } };
            if (origin is not null) origin = origin with { Model = origin.Model! with { Name = pinned } };
        }
        return new LiveCpu(cpu, origin);
    }

    /// <summary>libvirt asks the emulator a domain names for its capabilities: a domain on qemu-system-i386 gets that
    /// binary's host model (QEMU's host CPU without long mode, decoded by the catalog) in place of the x86_64
    /// binary's the host files describe.</summary>
    private static ExpansionHost ForEmulator(ExpansionHost host, DomainInfo domain, CpuCatalog? catalog)
    {
        if (catalog is null || host.QemuCapabilities is not { } recorded) return host;
        var i386 = I386Emulator.CapabilitiesFor(domain.Emulator, recorded);
        if (ReferenceEquals(i386, recorded)) return host;
        CpuDefinition? hostModel;
        try
        {
            hostModel = QemuHostModel.Build(catalog, i386, QemuCapabilities.AccelOf(domain.VirtType), migratable: true);
        }
        catch (CpuOperationException)
        {
            hostModel = null;
        }
        var domcaps = host.DomainCapabilities;
        if (hostModel is not null && domcaps is not null) domcaps = domcaps with { HostModel = domcaps.HostModel with { Cpu = hostModel } };
        return host with { DomainCapabilities = domcaps, QemuCapabilities = i386 };
    }

    /// <summary>A disabled or forbidden feature QEMU does not know is off anyway: libvirt drops it before the start
    /// (the features QEMU knows are the properties of its host CPU expansion for the accelerator).</summary>
    private static CpuDefinition DropFeaturesUnknownToQemu(CpuDefinition cpu, DomainInfo domain, ExpansionHost host)
    {
        if (domain.Arch is not (null or "x86_64" or "i686")) return cpu;
        if (host.QemuCapabilities?.HostCpuFor(QemuCapabilities.AccelOf(domain.VirtType)) is not { } hostCpu) return cpu;
        var known = hostCpu.Properties.Select(p => QemuFeatureNames.ToLibvirt(p.Name)).ToHashSet(StringComparer.Ordinal);
        return cpu with
        {
            Features = cpu.Features.Where(f => f.Policy is not (FeaturePolicy.Disable or FeaturePolicy.Forbid) || known.Contains(f.Name))
                .ToImmutableArray(),
        };
    }

    /// <summary>Without QEMU's report, a TCG guest's CPU data is known from QEMU's catalog and what its TCG can
    /// emulate (the binary's capabilities); null under KVM or when either is missing.</summary>
    private static (X86Data, X86Data)? PredictedUnderTcg(CpuDefinition cpu, DomainInfo domain, ExpansionHost host,
        ExpansionOptions options, CpuCatalog catalog)
    {
        if (domain.VirtType != "qemu" || host.QemuCapabilities?.HostCpuFor("tcg") is not { } tcgMax) return null;
        return TcgGuestCpu.Predict(catalog, options.Qemu ?? EmbeddedCatalog.Qemu, tcgMax, options.Machine ?? domain.Machine, domain.Arch, cpu);
    }

    /// <summary>host-passthrough and maximum stay as configured; with check='full' what QEMU gave is verified.</summary>
    private static CpuDefinition VerifyLive(CpuDefinition cpu, ExpansionOptions options, StartFailure fail)
    {
        if (options.Catalog is null || cpu.Check != CpuCheck.Full || options.QemuEnabled is null && options.QemuDisabled is null) return cpu;
        try
        {
            return X86UpdateLive.Update(options.Catalog, cpu, options.QemuEnabled, options.QemuDisabled);
        }
        catch (CpuOperationException ex)
        {
            throw fail.Error(ex.Id, ex.Message);
        }
    }

    /// <summary>Steps 3e–3f of SPEC §5.1 with libvirt's x86 algorithms: forbidden features and (check='partial')
    /// the compare against the full host CPU, the update against the migratable host model, and the translation
    /// to a model the hypervisor offers.</summary>
    private static CpuDefinition StartWithCatalog(CpuDefinition cpu, ExpansionHost host, CpuDefinition? hostModel, CpuCatalog catalog,
        IReadOnlyList<string>? allowed, StartFailure fail)
    {
        var fullHost = host.DomainCapabilities?.HostModel.Cpu ?? host.HostCpu;
        if (cpu.Check != CpuCheck.None && fullHost is not null)
        {
            var verdict = Comparer.Compare(catalog, fullHost, cpu);
            var forbidden = verdict.Reason.StartsWith("Host CPU provides forbidden", StringComparison.Ordinal);
            if (verdict.Result == CompareVerdict.Incompatible && (cpu.Check == CpuCheck.Partial || forbidden))
            {
                throw fail.Error("DC0607", $"the CPU is incompatible with host CPU: {verdict.Reason}");
            }
        }
        cpu = X86Update.Update(catalog, cpu, hostModel);
        if (allowed is not null)
        {
            cpu = X86Translate.Translate(catalog, cpu, allowed.Select(m => new AllowedModel(m)).ToList());
        }
        else if (host.DomainCapabilities is { Custom.Models.IsEmpty: false } caps)
        {
            cpu = X86Translate.Translate(catalog, cpu, caps.Custom.Models.Select(m => new AllowedModel(m.Name, m.Blockers)).ToList());
        }
        return cpu;
    }

    /// <summary>The same steps from domain capabilities alone: what their host-model list and model list tell.</summary>
    private static CpuDefinition StartWithoutCatalog(CpuDefinition cpu, DomainCapabilitiesCpu? caps, CpuDefinition? hostModel, StartFailure fail)
    {
        if (cpu.Mode == CpuMode.Custom) CheckCustomModel(cpu, caps, fail);
        if (cpu.Check != CpuCheck.None && hostModel is not null) CheckAgainstHost(cpu, hostModel, fail);
        var relative = cpu.Mode == CpuMode.HostModel || cpu.Match == CpuMatch.Minimum ||
                       cpu.Features.Any(f => f.Policy == FeaturePolicy.Optional);
        if (relative && hostModel is null) throw fail.Error("DC0603", "unknown host CPU model");
        if (hostModel is not null) cpu = ResolveOptional(cpu, hostModel);
        if (cpu.Mode == CpuMode.HostModel || cpu.Match == CpuMatch.Minimum) cpu = HostModelExpansion.Apply(cpu, hostModel!);
        return cpu;
    }

    /// <summary>The migratable host CPU libvirt updates guests against: domain capabilities' host-model, else the
    /// host CPU of host capabilities, without the features the catalog marks non-migratable.</summary>
    public static CpuDefinition? MigratableHost(ExpansionHost host, CpuCatalog catalog)
    {
        var cpu = host.DomainCapabilities?.HostModel.Cpu ?? host.HostCpu;
        return cpu is null ? null : X86Migratable.Copy(catalog, cpu);
    }

    /// <summary>libvirt's CPU update alone (SPEC §7.5, what cputest's update kind tests): <c>optional</c> features
    /// resolved by the host, host-model and <c>match='minimum'</c> rewritten as the host's model; fallback and
    /// check stay as they are, nothing is checked against the host, nothing is dropped. With a catalog and QEMU's
    /// CPU data, the live update follows (SPEC §7.7, what cputest's update-live kind tests).</summary>
    /// <exception cref="DomainCpuException">The CPU needs the host's model and none is known, or the live CPU differs
    /// from the definition under check='full'.</exception>
    public static CpuDefinition? Update(CpuDefinition? cpu, ExpansionHost host, ExpansionOptions? options = null,
        string file = "-", SourcePosition at = default)
    {
        if (cpu is null) return null;
        var catalog = options?.Catalog;
        try
        {
            if (catalog is null) return UpdateWithoutCatalog(cpu, host, file, at);
            cpu = X86Update.Update(catalog, cpu, MigratableHost(host, catalog));
            if (options!.AllowedModels is { } allowed)
            {
                cpu = X86Translate.Translate(catalog, cpu, allowed.Select(m => new AllowedModel(m)).ToList());
            }
            if (options.QemuEnabled is not null || options.QemuDisabled is not null)
            {
                cpu = X86UpdateLive.Update(catalog, cpu, options.QemuEnabled, options.QemuDisabled);
            }
            return cpu;
        }
        catch (CpuOperationException ex)
        {
            throw DomainCpuException.At(file, at, "host", ex.Id, ex.Message);
        }
    }

    private static bool RelativeTo(CpuDefinition cpu) =>
        cpu.Mode == CpuMode.HostModel || cpu.Match == CpuMatch.Minimum || cpu.Features.Any(f => f.Policy == FeaturePolicy.Optional);

    private static CpuDefinition UpdateWithoutCatalog(CpuDefinition cpu, ExpansionHost host, string file, SourcePosition at)
    {
        if (cpu.Mode is CpuMode.HostPassthrough or CpuMode.Maximum) return cpu;
        if (cpu.Mode == CpuMode.Custom && cpu.ModelName is null) return cpu;
        if (!RelativeTo(cpu)) return cpu;
        var hostModel = HostModelCpu(host) ??
            throw DomainCpuException.At(file, at, "host", "DC0603", "unknown host CPU model");
        cpu = ResolveOptional(cpu, hostModel);
        return cpu.Mode == CpuMode.HostModel || cpu.Match == CpuMatch.Minimum ? HostModelExpansion.Apply(cpu, hostModel) : cpu;
    }

    /// <summary>The check a definition gets when it names none (the QEMU driver's post-parse default).</summary>
    public static CpuCheck DefaultCheck(CpuMode mode, DomainInfo domain) => mode switch
    {
        CpuMode.HostPassthrough or CpuMode.Maximum => CpuCheck.None,
        CpuMode.HostModel => CpuCheck.Partial,
        _ => domain.VirtType == "qemu" ? CpuCheck.None : CpuCheck.Partial,
    };

    /// <summary>The migratable host-model CPU a host-model guest expands to: domain capabilities' host-model
    /// when given, else the host CPU of host capabilities turned into a guest CPU (libvirt's fallback when
    /// QEMU cannot expand the host model); null when neither is known.</summary>
    public static CpuDefinition? HostModelCpu(ExpansionHost host)
    {
        if (host.DomainCapabilities?.HostModel.Cpu is { } reported)
        {
            return reported with { Features = reported.Features.Where(f => !NonMigratable.Contains(f.Name)).ToImmutableArray() };
        }
        if (host.HostCpu is not { ModelName: not null } h) return null;
        return new CpuDefinition
        {
            Type = CpuType.Guest,
            Mode = CpuMode.Custom,
            Match = CpuMatch.Exact,
            Model = new CpuModelName(h.ModelName, CpuFallback.Allow),
            Vendor = h.Vendor,
            Features = h.Features.Where(f => !NonMigratable.Contains(f.Name))
                .Select(f => new CpuFeature(f.Name, f.Policy ?? FeaturePolicy.Require)).ToImmutableArray(),
        };
    }

    private static void CheckCustomModel(CpuDefinition cpu, DomainCapabilitiesCpu? caps, StartFailure fail)
    {
        if (caps is not { Custom.Models.IsEmpty: false } || cpu.Match == CpuMatch.Minimum) return;
        var name = cpu.ModelName!;
        var offered = caps.Custom.Models.FirstOrDefault(m => m.Name == name);
        if (offered is null)
        {
            if (cpu.Model!.Fallback == CpuFallback.Forbid) throw fail.Error("DC0604", $"CPU model {name} is not supported by hypervisor");
            return;
        }
        if (offered.Usable == ModelUsability.No && cpu.Check != CpuCheck.None)
        {
            var blockers = offered.Blockers.IsEmpty ? "" : ": " + string.Join(", ", offered.Blockers);
            throw fail.Error("DC0605", $"the CPU is incompatible with host CPU: CPU model {name} is not usable on this host{blockers}");
        }
    }

    /// <summary>The part of libvirt's compare that the host-model CPU decides by itself: a required feature
    /// the host disables is missing, a forbidden one it requires is present.</summary>
    private static void CheckAgainstHost(CpuDefinition cpu, CpuDefinition hostModel, StartFailure fail)
    {
        var present = hostModel.Features.Where(f => f.Policy is FeaturePolicy.Require or FeaturePolicy.Force).Select(f => f.Name).ToHashSet();
        var absent = hostModel.Features.Where(f => f.Policy is FeaturePolicy.Disable or FeaturePolicy.Forbid).Select(f => f.Name).ToHashSet();
        var forbidden = cpu.Features.Where(f => f.Policy == FeaturePolicy.Forbid && present.Contains(f.Name)).Select(f => f.Name).ToList();
        if (forbidden.Count > 0) throw fail.Error("DC0606", $"Host CPU provides forbidden feature: {forbidden[0]}");
        if (cpu.Check != CpuCheck.Partial && cpu.Check != CpuCheck.Full) return;
        var missing = cpu.Features.Where(f => f.Policy == FeaturePolicy.Require && absent.Contains(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            throw fail.Error("DC0607", $"the CPU is incompatible with host CPU: Host CPU does not provide required features: {string.Join(", ", missing)}");
        }
    }

    private static CpuDefinition ResolveOptional(CpuDefinition cpu, CpuDefinition hostModel)
    {
        if (!cpu.Features.Any(f => f.Policy == FeaturePolicy.Optional)) return cpu;
        var absent = hostModel.Features.Where(f => f.Policy is FeaturePolicy.Disable or FeaturePolicy.Forbid).Select(f => f.Name).ToHashSet();
        return cpu with
        {
            Features = cpu.Features.Select(f => f.Policy != FeaturePolicy.Optional ? f
                : f with { Policy = absent.Contains(f.Name) ? FeaturePolicy.Disable : FeaturePolicy.Require }).ToImmutableArray(),
        };
    }

    /// <summary>QEMU needs NUMA cell sizes in whole MiB (256 MiB on ppc64); libvirt rounds them up at start.</summary>
    private static CpuDefinition AlignNumaMemory(CpuDefinition cpu, DomainInfo domain)
    {
        if (cpu.Numa is not { } numa || numa.Cells.IsEmpty) return cpu;
        ulong align = domain.Arch is "ppc64" or "ppc64le" ? 256 * 1024UL : 1024UL;
        var cells = numa.Cells.Select(c => c with { MemoryKiB = (c.MemoryKiB + align - 1) / align * align }).ToImmutableArray();
        return cpu with { Numa = numa with { Cells = cells } };
    }

    private sealed class StartFailure(string file, SourcePosition at, DomainInfo domain)
    {
        public DomainCpuException Error(string id, string message) => DomainCpuException.At(file, at, "host", id, message);

        public DomainCpuException Unsupported(CpuMode mode)
        {
            var arch = domain.Arch ?? "x86_64";
            return Error("DC0602", $"unsupported configuration: CPU mode '{CpuNames.Of(mode)}' for {arch} {domain.VirtType ?? "kvm"} " +
                                   $"domain on {arch} host is not supported by hypervisor");
        }
    }
}

using DomainCpu.Catalog;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Targets;
using DomainCpu.X86;

namespace DomainCpu.Start;

/// <summary>
/// What one start knows about the host and the QEMU binary, each fact taken from the most direct source the context
/// has: libvirt's own answers (domain capabilities) first, then QEMU's record of the binary decoded with the target's
/// CPU models (as libvirt decodes it), then host capabilities. A domain on <c>qemu-system-i386</c> gets that binary's
/// facts, derived from the x86_64 record (libvirt asks the emulator a domain names).
/// </summary>
internal sealed class StartHost
{
    private readonly StartContext _context;
    private readonly string _accel;
    private readonly Lazy<CpuDefinition?> _fullHost;
    private readonly Lazy<CpuDefinition?> _migratableHost;
    private readonly Lazy<DomainCapabilitiesCpu?> _libvirtDomainCapabilities;

    private StartHost(StartContext context, QemuCapabilities? qemu, DomainInfo domain, bool i386)
    {
        _context = context;
        Qemu = qemu;
        _accel = QemuCapabilities.AccelOf(domain.VirtType);
        Domain = domain;
        var forEmulator = i386 ? new Lazy<CpuDefinition?>(() => Decode(migratable: true)) : null;
        _fullHost = new(FullHost);
        _libvirtDomainCapabilities = new(ComputeDomainCapabilities);
        _migratableHost = new(() => forEmulator is not null ? forEmulator.Value : MigratableHost());
        var reported = i386 ? null : context.HostModel ?? context.DomainCapabilities?.HostModel.Cpu;
        ReportedHostModel = reported is not null && context.Target.Libvirt.Has(LibvirtRules.DomainCapsHostModelFeaturesByName)
            ? HostModelFeatureOrder.Restore(context.Models, reported)
            : reported;
    }

    /// <summary>The facts for one domain.</summary>
    public static StartHost For(StartContext context, DomainInfo domain)
    {
        var recorded = context.QemuCapabilities;
        var qemu = recorded is null ? null : I386Emulator.CapabilitiesFor(domain.Emulator, recorded);
        return new StartHost(context, qemu, domain, i386: qemu is not null && !ReferenceEquals(qemu, recorded));
    }

    /// <summary>libvirt's record of the binary the domain runs on; null when unknown.</summary>
    public QemuCapabilities? Qemu { get; }

    /// <summary>The domain's type, arch, machine and emulator.</summary>
    public DomainInfo Domain { get; }

    /// <summary>Whether the domain is x86 (the CPU models are x86's).</summary>
    public bool IsX86 => Domain.Arch is null or "x86_64" or "i686";

    /// <summary>The target's CPU models.</summary>
    public CpuCatalog Models => _context.Models;

    /// <summary>Whether the x86 algorithms decide, or the capability documents (<see cref="StartContext.GoesByCapabilities"/>).</summary>
    public bool GoesByCapabilities => _context.GoesByCapabilities;

    /// <summary>The host-model CPU libvirt itself reported (given, or domain capabilities'); null when none.</summary>
    private CpuDefinition? ReportedHostModel { get; }

    private CpuDefinition? FullHost() => GoesByCapabilities
        ? _context.DomainCapabilities?.HostModel.Cpu ?? _context.HostCpu
        : Decode(migratable: false) ?? _context.HostCpu ?? ReportedHostModel;

    /// <summary>The full host CPU libvirt checks forbidden features and <c>check='partial'</c> against (QEMU's full host
    /// model, else the host CPU of host capabilities, else the host-model CPU), computed once; null when unknown.</summary>
    public CpuDefinition? Full => _fullHost.Value;

    /// <summary>The migratable host-model CPU libvirt updates guests against, computed once; null when unknown.</summary>
    public CpuDefinition? Migratable => _migratableHost.Value;

    private CpuDefinition? MigratableHost()
    {
        // libvirt reports the full host model and starts guests with its migratable copy, which leaves out what QEMU
        // marks unmigratable.
        if (ReportedHostModel is { } reported) return NonMigratableFeatures.Drop(reported);
        if (!GoesByCapabilities && Decode(migratable: true) is { } decoded) return decoded;
        if (_context.HostCpu is not { } host) return null;
        return GoesByCapabilities ? NonMigratableFeatures.GuestOf(host) : X86Migratable.Copy(_context.Models, host);
    }

    /// <summary>QEMU's expansion of its host CPU for the domain's accelerator, decoded with the target's models as
    /// libvirt decodes it; null when the record has none or the models cannot describe it.</summary>
    private CpuDefinition? Decode(bool migratable)
    {
        if (Qemu?.HostCpuFor(_accel) is null) return null;
        try
        {
            return QemuHostModel.Build(_context.Models, Qemu, _accel, migratable);
        }
        catch (DomainCpuException) when (migratable)
        {
            return null;
        }
    }

    /// <summary>Whether the hypervisor supports a CPU mode: domain capabilities say so, else the QEMU record does.</summary>
    public bool Supports(CpuMode mode)
    {
        if (_context.DomainCapabilities is { } caps)
        {
            return mode switch
            {
                CpuMode.HostPassthrough => caps.HostPassthrough.Supported,
                CpuMode.Maximum => caps.Maximum.Supported,
                CpuMode.HostModel => caps.HostModel.Supported && Migratable is not null,
                _ => true,
            };
        }
        return mode switch
        {
            CpuMode.HostPassthrough => Qemu is null || Domain.VirtType is "kvm" or "hvf",
            CpuMode.HostModel => Migratable is not null,
            CpuMode.Maximum => Qemu is null || Qemu.Has(QemuCapabilityFlags.CpuMax),
            _ => Qemu is null || Qemu.ModelsFor(_accel).Any(),
        };
    }

    /// <summary>The CPU models the hypervisor offers (with what blocks each on this host): the ones given, else domain
    /// capabilities', else the QEMU record's; null when none is known (no translation then).</summary>
    public IReadOnlyList<AllowedModel>? OfferedModels()
    {
        if (_context.AllowedModels is { } given) return given.Select(m => new AllowedModel(m)).ToList();
        if (_context.DomainCapabilities is { Custom.Models.IsEmpty: false } caps)
        {
            return caps.Custom.Models.Select(m => new AllowedModel(m.Name, m.Blockers)).ToList();
        }
        var models = Qemu?.ModelsFor(_accel).Select(m => new AllowedModel(m.Name)).ToList();
        return models is { Count: > 0 } ? models : null;
    }

    /// <summary>The features QEMU knows on this binary and accelerator (the properties of its host CPU expansion, in
    /// libvirt's names); null when unknown.</summary>
    public IReadOnlySet<string>? QemuFeatures() => QemuFeatureNames.KnownTo(Qemu, Domain.VirtType);

    /// <summary>QEMU's expansion of its host CPU under TCG (what TCG can emulate); null when unknown.</summary>
    public QemuHostCpu? TcgMax => Domain.VirtType == "qemu" ? Qemu?.HostCpuFor("tcg") : null;

    /// <summary>The target libvirt release.</summary>
    public LibvirtProfile Libvirt => _context.Target.Libvirt;

    /// <summary>The whole target (libvirt release, CPU models, QEMU release).</summary>
    public Target Target => _context.Target;

    /// <summary>libvirt's verdicts on the host and its models: the domain capabilities given, else those libvirt computes
    /// from its record of the binary; null when neither is known or the target's models cannot describe QEMU's host.</summary>
    public DomainCapabilitiesCpu? LibvirtDomainCapabilities => _libvirtDomainCapabilities.Value;

    private DomainCapabilitiesCpu? ComputeDomainCapabilities()
    {
        if (_context.DomainCapabilities is { } given) return given;
        if (Qemu is null) return null;
        try
        {
            return QemuDomainCapabilities.Cpu(Models, Qemu, Domain.VirtType);
        }
        catch (DomainCpuException)
        {
            return null;
        }
    }

    /// <summary>The host-model part of domain capabilities (libvirt's verdicts on models); null when not given.</summary>
    public DomainCapabilitiesCpu? DomainCapabilities => _context.DomainCapabilities;
}

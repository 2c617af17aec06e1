using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Start;

namespace DomainCpu.Qemu;

/// <summary>libvirt's taint flags (SPEC §9) plus <c>custom-cpu</c> for <c>&lt;qemu:cpu&gt;</c>, and which a domain
/// gets when it is started.</summary>
internal static class Taints
{
    /// <summary><c>&lt;qemu:commandline&gt;</c> args or env.</summary>
    public const string CustomArgv = "custom-argv";
    /// <summary><c>&lt;qemu:capabilities&gt;</c> add/del.</summary>
    public const string CustomHypervisorFeature = "custom-hypervisor-feature";
    /// <summary><c>&lt;qemu:override&gt;</c> devices.</summary>
    public const string CustomDevice = "custom-device";
    /// <summary><c>&lt;os&gt;&lt;dtb&gt;</c>.</summary>
    public const string CustomDtb = "custom-dtb";
    /// <summary>An interface with a <c>&lt;script&gt;</c>.</summary>
    public const string ShellScripts = "shell-scripts";
    /// <summary>A disk or host device with <c>rawio='yes'</c>.</summary>
    public const string HighPrivileges = "high-privileges";
    /// <summary>A CD-ROM backed by a host block device.</summary>
    public const string CdromPassthrough = "cdrom-passthrough";
    /// <summary>host-passthrough or maximum started by incoming migration.</summary>
    public const string HostCpu = "host-cpu";
    /// <summary>A machine type or CPU model QEMU deprecates.</summary>
    public const string DeprecatedConfig = "deprecated-config";
    /// <summary><c>&lt;qemu:cpu&gt;</c> (DomainCpu's extension).</summary>
    public const string CustomCpu = "custom-cpu";

    /// <summary>The taints of a domain start, in libvirt's enum order (custom-cpu last).</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="cpu">The CPU after define-time defaults (before the start-time update).</param>
    /// <param name="caps">The QEMU capabilities (deprecated machines and models).</param>
    /// <param name="machine">The machine type in use; null when unknown.</param>
    /// <param name="incoming">Whether the domain is started by incoming migration.</param>
    /// <param name="deprecations">Receives libvirt's deprecation texts.</param>
    public static ImmutableArray<string> Of(ArgvDomain domain, CpuDefinition? cpu, QemuCapabilities caps, QemuMachine? machine, bool incoming, ICollection<string>? deprecations = null)
    {
        var set = new HashSet<string>(domain.TaintFacts, StringComparer.Ordinal);
        if (incoming && cpu?.Mode is CpuMode.HostPassthrough or CpuMode.Maximum) set.Add(HostCpu);
        if (machine is { Deprecated: true })
        {
            set.Add(DeprecatedConfig);
            deprecations?.Add($"machine type '{machine.Name}'");
        }
        if (cpu is { Mode: CpuMode.Custom, ModelName: { } model } &&
            caps.ModelsFor(QemuCapabilities.AccelOf(domain.Info.VirtType)).Any(m => m.Name == model && m.Deprecated))
        {
            set.Add(DeprecatedConfig);
            deprecations?.Add($"CPU model '{model}'");
        }
        if (domain.QemuCpu is not null) set.Add(CustomCpu);
        return Order.Where(set.Contains).ToImmutableArray();
    }

    private static readonly string[] Order =
    [
        CustomArgv, "custom-monitor", HighPrivileges, ShellScripts, "disk-probing", "external-launch", HostCpu,
        "hook-script", CdromPassthrough, CustomDtb, "custom-ga-command", CustomHypervisorFeature, DeprecatedConfig,
        CustomDevice, CustomCpu,
    ];
}

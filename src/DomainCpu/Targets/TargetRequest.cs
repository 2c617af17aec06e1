using DomainCpu.Model;

namespace DomainCpu.Targets;

/// <summary>Everything that can decide a target, as the user and the host gave it (DESIGN.md, Targets).</summary>
public sealed record TargetRequest
{
    /// <summary>The libvirt release named explicitly (<c>--libvirt</c>).</summary>
    public ReleaseVersion? Libvirt { get; init; }

    /// <summary>A libvirt cpu_map directory named explicitly (<c>--cpu-map</c>).</summary>
    public string? CpuMapDirectory { get; init; }

    /// <summary>The QEMU release named explicitly (<c>--qemu</c>).</summary>
    public ReleaseVersion? Qemu { get; init; }

    /// <summary>A captured QEMU capabilities record (<c>--qemu-caps</c>): it names the QEMU release, and the libvirt
    /// release that wrote it when it comes from a real cache (<c>&lt;selfvers&gt;</c> is 0 in libvirt's test data).</summary>
    public QemuCapabilities? QemuCapabilities { get; init; }

    /// <summary>The machine type a captured domain capabilities file was taken for (its <c>&lt;machine&gt;</c>). QEMU names
    /// its newest machine types after itself (<c>pc-q35-10.0</c> is QEMU 10.0's), so a versioned pc or q35 machine
    /// type names the QEMU release the file was captured with (at least).</summary>
    public string? CapturedMachine { get; init; }

    /// <summary>This host's libvirt installation; null when libvirt is not installed or the host is not to be asked.</summary>
    public HostInstallation? Host { get; init; }
}

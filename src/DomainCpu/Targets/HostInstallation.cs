namespace DomainCpu.Targets;

/// <summary>What this host's libvirt installation tells without calling libvirt: its release, its cpu_map directory
/// and the QEMU capabilities records its QEMU driver cached. Found at the edge (the command line) and given to
/// <see cref="TargetResolver"/>.</summary>
/// <param name="Libvirt">The installed libvirt release; null when it cannot be told.</param>
/// <param name="CpuMapDirectory">The installed cpu_map directory (with an <c>index.xml</c>); null when absent.</param>
/// <param name="QemuCapabilitiesFiles">The cached <c>&lt;qemuCaps&gt;</c> records, one per QEMU binary libvirt probed.</param>
public sealed record HostInstallation(ReleaseVersion? Libvirt, string? CpuMapDirectory, IReadOnlyList<string> QemuCapabilitiesFiles)
{
    /// <summary>The release of this host's QEMU (e.g. the <c>&lt;version&gt;</c> of libvirt's record of its
    /// qemu-system-x86_64); null when not found.</summary>
    public ReleaseVersion? Qemu { get; init; }
}

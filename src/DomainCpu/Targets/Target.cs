using DomainCpu.Catalog;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.Targets;

/// <summary>
/// Whose behaviour a command reproduces: one libvirt release, the CPU model data it decides with (that libvirt's
/// cpu_map, read from a directory or embedded), and one QEMU release's catalog. Resolved once at the edge
/// (<see cref="TargetResolver"/>) and passed down unchanged.
/// </summary>
/// <param name="Libvirt">The libvirt release's grammar, defaults and rules.</param>
/// <param name="Models">The CPU models, features and vendors libvirt's x86 algorithms work with.</param>
/// <param name="Qemu">The QEMU release's model catalog (versions, machine types, aliases).</param>
/// <param name="Origin">How each part was chosen, in words (for <c>--verbose</c> and <c>--json</c>).</param>
/// <param name="CpuMapDirectory">The libvirt cpu_map directory <paramref name="Models"/> was read from; null when they
/// come from the embedded table of a release's cpu_map models.</param>
public sealed record Target(LibvirtProfile Libvirt, CpuCatalog Models, QemuCatalog Qemu, TargetOrigin Origin, string? CpuMapDirectory = null)
{
    /// <inheritdoc />
    public override string ToString() => $"{Libvirt} ({Origin.Libvirt}), CPU models from {Origin.Models}, QEMU {Origin.QemuVersion} ({Origin.Qemu})";
}

/// <summary>Why a target is what it is.</summary>
/// <param name="Libvirt">Where the libvirt release came from (<c>--libvirt</c>, a captured file, this host, the default).</param>
/// <param name="Models">Where the CPU models came from (a cpu_map directory, or the embedded table of the release's cpu_map models).</param>
/// <param name="QemuVersion">The QEMU release of the catalog.</param>
/// <param name="Qemu">Where the QEMU release came from.</param>
public sealed record TargetOrigin(string Libvirt, string Models, ReleaseVersion QemuVersion, string Qemu);

using System.Collections.Immutable;

namespace DomainCpu.Catalog.Qemu;

/// <summary>A QEMU CPU model: its versions and its named aliases (<c>Haswell-noTSX</c> = <c>Haswell-v2</c>).</summary>
/// <param name="Name">The unversioned name (<c>Haswell</c>).</param>
/// <param name="Vendor">The vendor's libvirt name (<c>Intel</c>), or the CPUID string when libvirt has none.</param>
/// <param name="Versions">Versions 1..N in order.</param>
/// <param name="Aliases">Named aliases and the version each stands for, by name.</param>
internal sealed record QemuModel(
    string Name,
    string Vendor,
    ImmutableArray<QemuModelVersion> Versions,
    ImmutableSortedDictionary<string, int> Aliases)
{
    /// <summary>The newest version.</summary>
    public QemuModelVersion Latest => Versions[^1];

    /// <summary>Version <paramref name="number"/>, or null.</summary>
    public QemuModelVersion? Version(int number) =>
        number >= 1 && number <= Versions.Length ? Versions[number - 1] : null;
}

using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Model;

namespace DomainCpu.X86;

/// <summary>
/// The features QEMU derives from a guest's topology, <c>ht</c> and <c>cmp_legacy</c>, which libvirt leaves to QEMU
/// where the release has <see cref="Targets.LibvirtRules.TopologyFeaturesLeftToQemu"/>: dropped from the CPU given to
/// QEMU and left out of what QEMU reports before the live update.
/// </summary>
internal static class TopologyFeatures
{
    /// <summary>The features.</summary>
    public static ImmutableHashSet<string> Names { get; } = ImmutableHashSet.Create(StringComparer.Ordinal, "ht", "cmp_legacy");

    /// <summary>The CPU without those features.</summary>
    public static CpuDefinition Drop(CpuDefinition cpu) =>
        cpu with { Features = cpu.Features.Where(f => !Names.Contains(f.Name)).ToImmutableArray() };

    /// <summary>CPU data without those features' bits; null stays null.</summary>
    public static X86Data? Drop(CpuCatalog models, X86Data? data)
    {
        if (data is null) return null;
        foreach (var name in Names)
        {
            if (models.FindFeature(name) is { } f) data = data.Except(f.Data);
        }
        return data;
    }
}

using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Model;

namespace DomainCpu.Start;

/// <summary>
/// The order of a host-model CPU's features as libvirt holds it: the required features, then the disabled ones, each
/// in cpu_map order (libvirt turns QEMU's enabled data, then its disabled data, into features). A release that lists
/// them by name in domain capabilities (<see cref="Targets.LibvirtRules.DomainCapsHostModelFeaturesByName"/>) still
/// starts guests with this order.
/// </summary>
internal static class HostModelFeatureOrder
{
    /// <summary>The CPU with its features in libvirt's order; features the cpu_map does not know stay last, as given.</summary>
    public static CpuDefinition Restore(CpuCatalog models, CpuDefinition cpu)
    {
        var ordered = cpu.Features
            .Select((f, i) => (Feature: f, Given: i))
            .OrderBy(x => x.Feature.Policy == FeaturePolicy.Disable ? 1 : 0)
            .ThenBy(x => models.FindFeature(x.Feature.Name)?.Index ?? int.MaxValue)
            .ThenBy(x => x.Given)
            .Select(x => x.Feature)
            .ToImmutableArray();
        return cpu with { Features = ordered };
    }
}

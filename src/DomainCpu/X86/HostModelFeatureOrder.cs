using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Model;

namespace DomainCpu.X86;

/// <summary>
/// libvirt keeps its host-model CPU as its x86 decoder built it: the required features in CPU map order, then the
/// disabled ones in CPU map order; a start copies them in that order onto the guest CPU, so <c>-cpu</c> and the live
/// <c>&lt;cpu&gt;</c> list them so. libvirt 12.8's domain capabilities show the same features sorted by name (the
/// host-model of QEMU 11.1's record: <c>3dnow</c>, <c>3dnowext</c>, <c>acpi</c>, …), while its command line still
/// says <c>monitor=on,x2apic=on,…</c>; a host-model taken from such a document is put back in libvirt's own order.
/// </summary>
internal static class HostModelFeatureOrder
{
    /// <summary>The host-model CPU with its features in libvirt's order, when they are listed by name (the domain
    /// capabilities' presentation); unchanged when they are in another order (libvirt's own, or that of a host CPU given
    /// as it is, such as libvirt's test hosts) or a feature is not a required or disabled one the CPU models know.</summary>
    public static CpuDefinition Restore(CpuCatalog models, CpuDefinition hostModel)
    {
        if (!hostModel.Features.Select(f => f.Name).SequenceEqual(hostModel.Features.Select(f => f.Name).Order(StringComparer.Ordinal))) return hostModel;
        var indexed = new List<(CpuFeature Feature, int Index)>(hostModel.Features.Length);
        foreach (var f in hostModel.Features)
        {
            if (f.Policy is not (FeaturePolicy.Require or FeaturePolicy.Disable) || models.FindFeature(f.Name) is not { } info) return hostModel;
            indexed.Add((f, info.Index));
        }
        var ordered = indexed.OrderBy(x => x.Feature.Policy == FeaturePolicy.Require ? 0 : 1).ThenBy(x => x.Index)
            .Select(x => x.Feature).ToImmutableArray();
        return ordered.SequenceEqual(hostModel.Features) ? hostModel : hostModel with { Features = ordered };
    }
}

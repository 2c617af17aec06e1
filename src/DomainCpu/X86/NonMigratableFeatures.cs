using System.Collections.Immutable;
using DomainCpu.Model;

namespace DomainCpu.X86;

/// <summary>
/// The features QEMU marks unmigratable (<c>invtsc</c>): the migratable host-model CPU libvirt starts guests with leaves
/// them out of the host model it reports, and so does a start that goes by libvirt's capability documents.
/// </summary>
internal static class NonMigratableFeatures
{
    /// <summary>The features.</summary>
    public static ImmutableHashSet<string> Names { get; } = ImmutableHashSet.Create(StringComparer.Ordinal, "invtsc");

    /// <summary>The CPU without those features.</summary>
    public static CpuDefinition Drop(CpuDefinition cpu) =>
        cpu with { Features = cpu.Features.Where(f => !Names.Contains(f.Name)).ToImmutableArray() };

    /// <summary>A host CPU (of host capabilities) as the migratable host-model guest CPU libvirt falls back to when QEMU
    /// cannot expand the host model: its model, vendor and migratable features, each required.</summary>
    public static CpuDefinition? GuestOf(CpuDefinition host) => host.ModelName is null ? null : new CpuDefinition
    {
        Type = CpuType.Guest,
        Mode = CpuMode.Custom,
        Match = CpuMatch.Exact,
        Model = new CpuModelName(host.ModelName, CpuFallback.Allow),
        Vendor = host.Vendor,
        Features = host.Features.Where(f => !Names.Contains(f.Name))
            .Select(f => new CpuFeature(f.Name, f.Policy ?? FeaturePolicy.Require)).ToImmutableArray(),
    };
}

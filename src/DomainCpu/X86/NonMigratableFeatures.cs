using System.Collections.Immutable;
using DomainCpu.Model;

namespace DomainCpu.X86;

/// <summary>
/// The features libvirt's cpu_map marks <c>migratable='no'</c> (libvirt 9.0: <c>invtsc</c>): a migratable host CPU
/// leaves them out. Used where the target's CPU models are not libvirt's own map (which carries the mark itself).
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

using System.Collections.Immutable;
using DomainCpu.Model;

namespace DomainCpu.X86;

/// <summary>
/// The features libvirt never passes to QEMU, whatever their policy (<c>virQEMUCapsCPUFilterFeatures</c>): they are
/// dropped from the CPU at start (SPEC §5.1 step 3g) and when a live CPU is read back after a daemon restart (§5.3).
/// </summary>
internal static class FeaturesNeverPassedToQemu
{
    /// <summary>The features.</summary>
    public static ImmutableHashSet<string> Names { get; } =
        ImmutableHashSet.Create(StringComparer.Ordinal, "cmt", "mbm_total", "mbm_local", "osxsave", "ospke");

    /// <summary>The CPU without those features.</summary>
    public static CpuDefinition Drop(CpuDefinition cpu) =>
        cpu with { Features = cpu.Features.Where(f => !Names.Contains(f.Name)).ToImmutableArray() };
}

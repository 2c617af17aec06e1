using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Targets;

namespace DomainCpu.X86;

/// <summary>
/// The features QEMU derives from the guest topology: <c>ht</c> (CPUID 1 EDX, more than one logical processor per
/// package) and <c>cmp_legacy</c> (CPUID 0x80000001 ECX, the same on AMD). Releases with
/// <see cref="LibvirtRules.TopologyFeaturesLeftToQemu"/> leave them to QEMU; the definition keeps them.
/// </summary>
internal static class TopologyFeatures
{
    /// <summary>The features.</summary>
    public static ImmutableHashSet<string> Names { get; } = ImmutableHashSet.Create(StringComparer.Ordinal, "ht", "cmp_legacy");

    /// <summary>The CPU a start gives QEMU: without those features, whatever their policy, where the release leaves them
    /// to QEMU; else unchanged.</summary>
    public static CpuDefinition DropAtStart(LibvirtProfile libvirt, CpuDefinition cpu) =>
        libvirt.Has(LibvirtRules.TopologyFeaturesLeftToQemu) && cpu.Features.Any(f => Names.Contains(f.Name))
            ? cpu with { Features = cpu.Features.Where(f => !Names.Contains(f.Name)).ToImmutableArray() }
            : cpu;
}

using System.Collections.Immutable;

namespace DomainCpu.Model;

/// <summary>
/// The <c>&lt;host&gt;&lt;cpu&gt;</c> of host capabilities: the CPU itself (arch, model, vendor, microcode,
/// signature, counter, topology, maxphysaddr, features) plus the capability-level parts libvirt prints inside it.
/// </summary>
/// <param name="Cpu">The host CPU (type host; features without policy).</param>
/// <param name="FeatureFlags">The empty-element flags of <c>&lt;features&gt;</c> (pae, nonpae, vmx, svm, …).</param>
/// <param name="Pages">The supported page sizes.</param>
public sealed record HostCpu(CpuDefinition Cpu, ImmutableArray<string> FeatureFlags, ImmutableArray<HostPages> Pages)
{
    /// <summary>Value equality over the CPU and both lists.</summary>
    public bool Equals(HostCpu? other) =>
        other is not null && Cpu.Equals(other.Cpu) && FeatureFlags.SequenceEqual(other.FeatureFlags) &&
        Pages.SequenceEqual(other.Pages);

    /// <inheritdoc />
    public override int GetHashCode() => Cpu.GetHashCode();
}

/// <summary>A <c>&lt;pages unit size/&gt;</c> entry of a host CPU.</summary>
/// <param name="Unit">The unit of <paramref name="Size"/> (KiB).</param>
/// <param name="Size">The page size.</param>
public sealed record HostPages(string Unit, ulong Size);

using System.Collections.Immutable;

namespace DomainCpu.Start;

/// <summary>
/// What libvirt asks of the host when it places and backs a guest's memory at start: whether numad advises where an
/// automatically placed guest goes, and the page sizes of the hugetlbfs mounts huge-page backing can use. Given by the
/// caller (the CLI reads this host: a <c>numad</c> on PATH, the hugetlbfs entries of /proc/mounts); a
/// <see cref="StartContext"/> without them checks neither.
/// </summary>
/// <param name="NumadAdvice">Whether numad gives an advisory node set (libvirt runs <c>numad -w</c> on a real start;
/// <c>virsh domxml-to-native</c> never asks it).</param>
/// <param name="HugetlbfsPageSizesKiB">The page size of each hugetlbfs mount libvirt may use, in KiB; empty when none
/// is mounted.</param>
public sealed record HostMemoryFacts(bool NumadAdvice, ImmutableArray<ulong> HugetlbfsPageSizesKiB)
{
    /// <summary>Value equality over the page sizes too.</summary>
    public bool Equals(HostMemoryFacts? other) =>
        other is not null && NumadAdvice == other.NumadAdvice && HugetlbfsPageSizesKiB.SequenceEqual(other.HugetlbfsPageSizesKiB);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(NumadAdvice, HugetlbfsPageSizesKiB.Length);
}

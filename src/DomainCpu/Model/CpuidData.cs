using System.Collections.Immutable;

namespace DomainCpu.Model;

/// <summary>One CPUID leaf: the inputs (eax, ecx) and the four output registers.</summary>
/// <param name="EaxIn">The leaf (eax input).</param>
/// <param name="EcxIn">The subleaf (ecx input).</param>
/// <param name="Eax">eax output.</param>
/// <param name="Ebx">ebx output.</param>
/// <param name="Ecx">ecx output.</param>
/// <param name="Edx">edx output.</param>
internal readonly record struct CpuidLeaf(uint EaxIn, uint EcxIn, uint Eax, uint Ebx, uint Ecx, uint Edx);

/// <summary>One model-specific register value (the low and high 32 bits).</summary>
/// <param name="Index">The MSR index.</param>
/// <param name="Eax">The low 32 bits.</param>
/// <param name="Edx">The high 32 bits.</param>
public readonly record struct MsrValue(uint Index, uint Eax, uint Edx);

/// <summary>Raw x86 CPU data: CPUID leaves and MSRs, as probed on a host or read from a dump
/// (libvirt's cputest <c>&lt;cpudata&gt;</c> format).</summary>
/// <param name="Leaves">The CPUID leaves.</param>
/// <param name="Msrs">The MSR values.</param>
internal sealed record CpuidData(ImmutableArray<CpuidLeaf> Leaves, ImmutableArray<MsrValue> Msrs)
{
    /// <summary>Value equality over both lists.</summary>
    public bool Equals(CpuidData? other) =>
        other is not null && Leaves.SequenceEqual(other.Leaves) && Msrs.SequenceEqual(other.Msrs);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Leaves.Length, Msrs.Length);
}

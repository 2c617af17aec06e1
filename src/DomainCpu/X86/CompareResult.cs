using System.Collections.Immutable;

namespace DomainCpu.X86;

/// <summary>How a CPU relates to a host CPU.</summary>
public enum CompareVerdict
{
    /// <summary>The host cannot run the CPU.</summary>
    Incompatible,
    /// <summary>The host provides exactly the CPU's features.</summary>
    Identical,
    /// <summary>The host provides the CPU's features and more.</summary>
    Superset,
}

/// <summary>An explained compare verdict.</summary>
/// <param name="Result">The verdict.</param>
/// <param name="Missing">Features the CPU requires and the host lacks (catalog order).</param>
/// <param name="Extra">Features the host has beyond the CPU, or forbidden features the host provides (catalog order).</param>
/// <param name="Reason">One sentence: libvirt's message for an incompatibility, else an explanation.</param>
public sealed record CompareResult(CompareVerdict Result, ImmutableArray<string> Missing, ImmutableArray<string> Extra, string Reason)
{
    /// <summary>Value equality over the lists' contents.</summary>
    public bool Equals(CompareResult? other) =>
        other is not null && Result == other.Result && Missing.SequenceEqual(other.Missing) &&
        Extra.SequenceEqual(other.Extra) && Reason == other.Reason;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Result, Reason);
}

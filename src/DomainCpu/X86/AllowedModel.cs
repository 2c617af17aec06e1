using System.Collections.Immutable;

namespace DomainCpu.X86;

/// <summary>A CPU model the hypervisor offers, with the features that keep it from being usable on this host.</summary>
/// <param name="Name">The model name.</param>
/// <param name="Blockers">Features the hypervisor cannot provide for it (they must be disabled to use it).</param>
public sealed record AllowedModel(string Name, ImmutableArray<string> Blockers)
{
    /// <summary>An allowed model without blockers.</summary>
    public AllowedModel(string name) : this(name, ImmutableArray<string>.Empty) { }
}

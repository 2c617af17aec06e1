using System.Collections.Immutable;

namespace DomainCpu.Model;

/// <summary>The <c>&lt;cpu&gt;</c> of domain capabilities: which modes a hypervisor supports and with what.</summary>
/// <param name="HostPassthrough">The host-passthrough mode.</param>
/// <param name="Maximum">The maximum mode.</param>
/// <param name="HostModel">The host-model mode with the CPU it expands to.</param>
/// <param name="Custom">The custom mode with the models on offer.</param>
public sealed record DomainCapabilitiesCpu(
    MigratableMode HostPassthrough,
    MigratableMode Maximum,
    HostModelMode HostModel,
    CustomMode Custom);

/// <summary>A host-passthrough or maximum mode of domain capabilities.</summary>
/// <param name="Supported">Whether the mode is supported.</param>
/// <param name="MigratableValues">The values offered for the migratable attribute (on, off).</param>
public sealed record MigratableMode(bool Supported, ImmutableArray<string> MigratableValues)
{
    /// <summary>Value equality over the list too.</summary>
    public bool Equals(MigratableMode? other) =>
        other is not null && Supported == other.Supported && MigratableValues.SequenceEqual(other.MigratableValues);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Supported, MigratableValues.Length);
}

/// <summary>The host-model mode of domain capabilities.</summary>
/// <param name="Supported">Whether the mode is supported.</param>
/// <param name="Cpu">The CPU a host-model guest gets (mode custom); null when unsupported.</param>
public sealed record HostModelMode(bool Supported, CpuDefinition? Cpu);

/// <summary>The custom mode of domain capabilities.</summary>
/// <param name="Supported">Whether the mode is supported.</param>
/// <param name="Models">The models on offer, in the hypervisor's order.</param>
public sealed record CustomMode(bool Supported, ImmutableArray<CustomModel> Models)
{
    /// <summary>Value equality over the list too.</summary>
    public bool Equals(CustomMode? other) =>
        other is not null && Supported == other.Supported && Models.SequenceEqual(other.Models);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Supported, Models.Length);
}

/// <summary>Whether a model can run on this host.</summary>
public enum ModelUsability
{
    /// <summary>Not known (<c>unknown</c>).</summary>
    Unknown,
    /// <summary>Runs as is (<c>yes</c>).</summary>
    Yes,
    /// <summary>Blocked by missing features (<c>no</c>).</summary>
    No,
}

/// <summary>A model of the custom mode.</summary>
/// <param name="Name">The model name.</param>
/// <param name="Usable">Whether this host can run it.</param>
/// <param name="Deprecated">Whether the hypervisor deprecates it.</param>
/// <param name="Vendor">The model's vendor, or null for unknown.</param>
/// <param name="Blockers">The features that block it (libvirt names); empty when none are known.</param>
/// <param name="Canonical">The model's versioned name (<c>canonical='Haswell-v2'</c>, libvirt 10.10 and later); null when
/// not given.</param>
public sealed record CustomModel(string Name, ModelUsability Usable, bool Deprecated, string? Vendor, ImmutableArray<string> Blockers,
    string? Canonical = null)
{
    /// <summary>Value equality over the blocker list too.</summary>
    public bool Equals(CustomModel? other) =>
        other is not null && Name == other.Name && Usable == other.Usable && Deprecated == other.Deprecated &&
        Vendor == other.Vendor && Blockers.SequenceEqual(other.Blockers) && Canonical == other.Canonical;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Usable, Deprecated, Vendor);
}

using System.Collections.Immutable;

namespace DomainCpu.Model;

/// <summary>
/// Everything a <c>&lt;cpu&gt;</c> element can hold: a domain's guest CPU, or a host CPU of capabilities.
/// Immutable; every transformation returns a new definition (use <c>with</c>).
/// </summary>
public sealed record CpuDefinition
{
    /// <summary>Guest or host.</summary>
    public CpuType Type { get; init; } = CpuType.Guest;

    /// <summary>The mode (guest only; libvirt's default is custom).</summary>
    public CpuMode Mode { get; init; } = CpuMode.Custom;

    /// <summary>The match attribute; null when not given (libvirt's default is exact).</summary>
    public CpuMatch? Match { get; init; }

    /// <summary>The check attribute; null when not given (the driver fills a default).</summary>
    public CpuCheck? Check { get; init; }

    /// <summary>The migratable attribute (host-passthrough and maximum only); null when not given.</summary>
    public bool? Migratable { get; init; }

    /// <summary>The deprecated_features attribute (guest only, libvirt 11.0 and later): whether the model's deprecated
    /// features stay enabled; null when not given (the hypervisor's default).</summary>
    public bool? DeprecatedFeatures { get; init; }

    /// <summary>The architecture (host CPUs, from <c>&lt;arch&gt;</c>).</summary>
    public string? Arch { get; init; }

    /// <summary>The model element; null when absent.</summary>
    public CpuModelName? Model { get; init; }

    /// <summary>The vendor name (<c>Intel</c>, <c>AMD</c>, …); null when absent.</summary>
    public string? Vendor { get; init; }

    /// <summary>The microcode version (host only).</summary>
    public ulong? Microcode { get; init; }

    /// <summary>The signature (host only).</summary>
    public CpuSignature? Signature { get; init; }

    /// <summary>The TSC counter (host only).</summary>
    public CpuCounter? Counter { get; init; }

    /// <summary>The topology; null when absent.</summary>
    public CpuTopology? Topology { get; init; }

    /// <summary>The cache element; null when absent.</summary>
    public CpuCache? Cache { get; init; }

    /// <summary>The maxphysaddr element; null when absent.</summary>
    public MaxPhysAddr? MaxPhysAddr { get; init; }

    /// <summary>The features in document order.</summary>
    public ImmutableArray<CpuFeature> Features { get; init; } = ImmutableArray<CpuFeature>.Empty;

    /// <summary>The guest NUMA topology; null when absent.</summary>
    public NumaTopology? Numa { get; init; }

    /// <summary>The model name, or null when there is none (empty text counts as none).</summary>
    public string? ModelName => string.IsNullOrEmpty(Model?.Name) ? null : Model!.Name;

    /// <summary>The feature with this exact name, or null.</summary>
    public CpuFeature? FindFeature(string name)
    {
        foreach (var f in Features)
        {
            if (f.Name == name) return f;
        }
        return null;
    }

    /// <summary>A copy with the feature's policy set: in place when the feature is listed, else appended (a host
    /// CPU's features carry no policy).</summary>
    public CpuDefinition WithFeature(string name, FeaturePolicy? policy = FeaturePolicy.Require)
    {
        var p = Type == CpuType.Host ? null : policy;
        for (var i = 0; i < Features.Length; i++)
        {
            if (Features[i].Name == name) return this with { Features = Features.SetItem(i, new CpuFeature(name, p)) };
        }
        return this with { Features = Features.Add(new CpuFeature(name, p)) };
    }

    /// <summary>A copy without the feature (unchanged when it is not listed).</summary>
    public CpuDefinition WithoutFeature(string name) =>
        this with { Features = Features.RemoveAll(f => f.Name == name) };

    /// <summary>Value equality; feature lists compare element by element, in order.</summary>
    public bool Equals(CpuDefinition? other) =>
        other is not null && Type == other.Type && Mode == other.Mode && Match == other.Match &&
        Check == other.Check && Migratable == other.Migratable && DeprecatedFeatures == other.DeprecatedFeatures && Arch == other.Arch &&
        Equals(Model, other.Model) && Vendor == other.Vendor && Microcode == other.Microcode &&
        Equals(Signature, other.Signature) && Equals(Counter, other.Counter) &&
        Equals(Topology, other.Topology) && Equals(Cache, other.Cache) &&
        Equals(MaxPhysAddr, other.MaxPhysAddr) && Features.SequenceEqual(other.Features) &&
        Equals(Numa, other.Numa);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Mode, Model, Vendor, Features.Length);
}

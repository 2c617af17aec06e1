using System.Collections.Immutable;

namespace DomainCpu.Catalog.Qemu;

/// <summary>One immutable version of a QEMU CPU model (<c>Haswell-v2</c>): a fix to a model is a new version, never a
/// change to an old one, so a guest keeps the CPU its machine type chose.</summary>
/// <param name="Model">The base model name (<c>Haswell</c>).</param>
/// <param name="Number">The version number (1, 2, …).</param>
/// <param name="Vendor">The CPUID vendor string (<c>GenuineIntel</c>).</param>
/// <param name="Family">CPUID family.</param>
/// <param name="ModelNumber">CPUID model.</param>
/// <param name="Stepping">CPUID stepping.</param>
/// <param name="ModelId">The brand string (<c>model-id</c>).</param>
/// <param name="Level">The highest basic leaf (<c>level</c>).</param>
/// <param name="XLevel">The highest extended leaf (<c>xlevel</c>).</param>
/// <param name="MinLevel">QEMU's <c>min-level</c>.</param>
/// <param name="MinXLevel">QEMU's <c>min-xlevel</c>.</param>
/// <param name="Features">The features enabled.</param>
/// <param name="Nested">The features that <c>vmx=on</c> (Intel-like) or <c>svm=on</c> (others) adds.</param>
internal sealed record QemuModelVersion(
    string Model,
    int Number,
    string Vendor,
    int Family,
    int ModelNumber,
    int Stepping,
    string ModelId,
    long Level,
    long XLevel,
    long MinLevel,
    long MinXLevel,
    FeatureSet Features,
    FeatureSet Nested)
{
    /// <summary>The versioned name (<c>Haswell-v2</c>).</summary>
    public string Name => $"{Model}-v{Number}";

    /// <summary>Other properties the version sets where they differ from version 1's (QEMU's full expansion: e.g.
    /// <c>legacy-cache=off</c>, <c>avx10-version=1</c>); empty for version 1.</summary>
    public ImmutableSortedDictionary<string, QemuPropValue> Props { get; init; } =
        ImmutableSortedDictionary<string, QemuPropValue>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Versions are equal when every part is, the properties compared by value.</summary>
    public bool Equals(QemuModelVersion? other) =>
        other is not null && Model == other.Model && Number == other.Number && Vendor == other.Vendor && Family == other.Family &&
        ModelNumber == other.ModelNumber && Stepping == other.Stepping && ModelId == other.ModelId && Level == other.Level &&
        XLevel == other.XLevel && MinLevel == other.MinLevel && MinXLevel == other.MinXLevel && Features == other.Features &&
        Nested == other.Nested && Props.SequenceEqual(other.Props);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Model, Number, ModelId, Features, Nested, Props.Count);
}

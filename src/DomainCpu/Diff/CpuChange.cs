namespace DomainCpu.Diff;

/// <summary>What kind of difference a <see cref="CpuChange"/> is.</summary>
public enum CpuChangeKind
{
    /// <summary>The second document has a CPU element, the first none.</summary>
    CpuAdded,
    /// <summary>The first document has a CPU element, the second none.</summary>
    CpuRemoved,
    /// <summary>An attribute of <c>&lt;cpu&gt;</c> changed (mode, match, check, migratable).</summary>
    AttributeChanged,
    /// <summary>The model name changed to an unrelated model.</summary>
    ModelChanged,
    /// <summary>The model stayed the same base model but its version changed (e.g. Haswell → Haswell-v4).</summary>
    ModelVersionChanged,
    /// <summary>Another part changed (fallback, vendor_id, vendor, topology, cache, maxphysaddr, numa).</summary>
    PartChanged,
    /// <summary>A feature is in the second CPU only.</summary>
    FeatureAdded,
    /// <summary>A feature is in the first CPU only.</summary>
    FeatureRemoved,
    /// <summary>A feature is in both with different policies.</summary>
    FeaturePolicyChanged,
}

/// <summary>One difference between two CPU definitions.</summary>
/// <param name="Kind">The kind of difference.</param>
/// <param name="Name">What changed: an attribute, part or feature name.</param>
/// <param name="Before">The value in the first CPU; null when absent.</param>
/// <param name="After">The value in the second CPU; null when absent.</param>
public sealed record CpuChange(CpuChangeKind Kind, string Name, string? Before, string? After)
{
    /// <summary>The change as one readable line.</summary>
    public override string ToString() => Kind switch
    {
        CpuChangeKind.CpuAdded => $"cpu added (mode {After})",
        CpuChangeKind.CpuRemoved => $"cpu removed (mode {Before})",
        CpuChangeKind.FeatureAdded => $"feature added: {Name} ({After})",
        CpuChangeKind.FeatureRemoved => $"feature removed: {Name} ({Before})",
        CpuChangeKind.FeaturePolicyChanged => $"feature policy changed: {Name}: {Before} -> {After}",
        CpuChangeKind.ModelVersionChanged => $"model version changed: {Before} -> {After}",
        _ => $"{Name} changed: {Before ?? "(none)"} -> {After ?? "(none)"}",
    };
}

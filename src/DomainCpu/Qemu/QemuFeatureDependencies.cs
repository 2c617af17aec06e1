using DomainCpu.Catalog;

namespace DomainCpu.Qemu;

/// <summary>
/// Features QEMU only keeps when another feature is on (its x86 feature dependency table, QEMU 7.2): the MSR
/// features of arch-capabilities, core-capability and pdcm, every VMX capability MSR behind vmx, the SVM leaf
/// behind svm, and the Intel PT leaf behind intel-pt. When the feature a group depends on is off, QEMU turns the
/// whole group off, and reports the members that were asked for explicitly as unavailable.
/// </summary>
public static class QemuFeatureDependencies
{
    private sealed record Group(string Needs, Func<QemuFeatureBit, bool> Members);

    private static readonly Group[] Groups =
    [
        new("arch-capabilities", b => b.IsMsr && b.Leaf == 0x10a),
        new("core-capability", b => b.IsMsr && b.Leaf == 0xcf),
        new("pdcm", b => b.IsMsr && b.Leaf == 0x345),
        new("vmx", b => b.IsMsr && b.Leaf is >= 0x480 and <= 0x491),
        new("svm", b => !b.IsMsr && b.Leaf == 0x8000000a),
        new("intel-pt", b => !b.IsMsr && b.Leaf == 0x14),
    ];

    /// <summary>The features of <paramref name="features"/> QEMU drops because what they depend on is not in the set.</summary>
    /// <param name="qemu">The catalog the set indexes.</param>
    /// <param name="features">The features asked for.</param>
    public static FeatureSet Orphans(QemuCatalog qemu, FeatureSet features)
    {
        var orphans = FeatureSet.Empty;
        foreach (var g in Groups)
        {
            if (qemu.FeatureNames.FindQemu(g.Needs) is { } needed && features.Contains(needed.Index)) continue;
            orphans = orphans.Union(FeatureSet.Of(qemu.FeaturesOf(features)
                .Where(f => f.Bit is { } bit && g.Members(bit))
                .Select(f => f.Index)));
        }
        return orphans;
    }
}

namespace DomainCpu.Catalog.Qemu;

/// <summary>
/// QEMU's feature dependencies for whole feature words: when a model ends up without the feature that enumerates a
/// CPUID leaf or MSR (after machine-type or accelerator defaults, e.g. KVM's <c>svm=off</c>), QEMU clears every
/// feature of that leaf or MSR too (its expansion does this before any check against the host).
/// </summary>
internal static class QemuFeatureDependencies
{
    private static readonly (string From, Func<QemuFeatureBit, bool> Word)[] Table =
    [
        ("arch-capabilities", b => b.IsMsr && b.Leaf == 0x10a),
        ("core-capability", b => b.IsMsr && b.Leaf == 0xcf),
        ("pdcm", b => b.IsMsr && b.Leaf == 0x345),
        ("vmx", b => b.IsMsr && b.Leaf is >= 0x480 and <= 0x491),
        ("intel-pt", b => !b.IsMsr && b.Leaf == 0x14),
        ("svm", b => !b.IsMsr && b.Leaf == 0x8000000a && b.Register == CpuidRegister.Edx),
        ("sgx", b => !b.IsMsr && b.Leaf == 0x12),
    ];

    /// <summary>The feature (QEMU name) that enumerates the leaf or MSR of a bit; null for a bit no feature enumerates.</summary>
    public static string? EnumeratorOf(QemuFeatureBit bit) => Table.FirstOrDefault(t => t.Word(bit)).From;

    /// <summary>Each enumerating feature (catalog index) with the features of its leaf or MSR; built once per catalog.</summary>
    public static IReadOnlyList<(int From, FeatureSet Word)> Build(QemuCatalog catalog) =>
        Table.Select(t => (From: catalog.FeatureNames.FindQemu(t.From)?.Index ?? -1,
                Word: FeatureSet.Of(catalog.Features.Where(f => f.Bit is { } b && t.Word(b)).Select(f => f.Index))))
            .Where(t => t.From >= 0 && !t.Word.IsEmpty)
            .ToList();

    /// <summary>The set without the features whose enumerating feature is off.</summary>
    public static FeatureSet Apply(IReadOnlyList<(int From, FeatureSet Word)> words, FeatureSet features)
    {
        foreach (var (from, word) in words)
        {
            if (!features.Contains(from)) features = features.Except(word);
        }
        return features;
    }
}

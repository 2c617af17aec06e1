using DomainCpu.Model;

namespace DomainCpu.Catalog.Qemu;

/// <summary>
/// The two CPUID bits QEMU derives from a vCPU's topology: <c>ht</c> (leaf 1 EDX, more than one logical processor per
/// package) and <c>cmp_legacy</c> (leaf 0x80000001 ECX, the same on vendors other than Intel and Zhaoxin, whose Linux
/// drivers would discard the thread information). Before QEMU 10.0 QEMU set them only in the CPUID it answered the
/// guest with; from 10.0 on they are part of the vCPU's features, so QEMU reports them as enabled, and a requested
/// <c>ht</c> is no longer filtered out under TCG.
/// </summary>
internal static class QemuTopologyFeatures
{
    /// <summary>The first QEMU release whose vCPU features carry the topology bits (10.0, packed as libvirt packs it).</summary>
    private const ulong Since = 10_000_000;

    /// <summary>Whether the catalog's QEMU reports the topology bits among a vCPU's features.</summary>
    public static bool AreReported(QemuCatalog qemu) => qemu.PackedVersion >= Since;

    /// <summary>The features QEMU adds to a vCPU for its topology.</summary>
    /// <param name="qemu">The catalog (for the features' indexes).</param>
    /// <param name="topology">The guest's topology; null means one logical processor per package.</param>
    /// <param name="vendor">The CPUID vendor string of the vCPU (<c>GenuineIntel</c>).</param>
    public static FeatureSet For(QemuCatalog qemu, CpuTopology? topology, string? vendor)
    {
        if (!AreReported(qemu) || LogicalPerPackage(topology) <= 1) return FeatureSet.Empty;
        var set = FeatureSet.Empty;
        if (qemu.FeatureNames.FindQemu("ht") is { } ht) set = set.With(ht.Index);
        if (vendor is not (IntelVendor or ZhaoxinVendor or ShanghaiVendor) && qemu.FeatureNames.FindQemu("cmp-legacy") is { } legacy)
        {
            set = set.With(legacy.Index);
        }
        return set;
    }

    /// <summary>The features QEMU keeps when asked for them whatever its accelerator offers (from QEMU 10.0: <c>ht</c>).</summary>
    public static FeatureSet AlwaysKept(QemuCatalog qemu) =>
        AreReported(qemu) && qemu.FeatureNames.FindQemu("ht") is { } ht ? FeatureSet.Empty.With(ht.Index) : FeatureSet.Empty;

    private static ulong LogicalPerPackage(CpuTopology? t) =>
        t is null ? 1 : (ulong)t.Dies * (t.Clusters ?? 1) * t.Cores * t.Threads;

    private const string IntelVendor = "GenuineIntel";
    private const string ZhaoxinVendor = "CentaurHauls";
    private const string ShanghaiVendor = "  Shanghai  ";
}

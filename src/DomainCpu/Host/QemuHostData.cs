using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.Host;

/// <summary>
/// Turns QEMU's expansion of the host CPU into what libvirt builds from it before decoding: the enabled
/// features (QEMU spelling translated to libvirt's), the vendor string as leaf 0 and the family/model/stepping
/// properties as the leaf 1 signature.
/// </summary>
internal static class QemuHostData
{
    /// <summary>The libvirt spelling of a QEMU feature name.</summary>
    public static string ToLibvirtName(string qemuName) => QemuFeatureNames.ToLibvirt(qemuName);

    /// <summary>The boolean properties QEMU enabled, in libvirt spelling, in QEMU's order (names the catalog does
    /// not know are kept; the caller's CPU data ignores them as libvirt does).</summary>
    /// <param name="host">QEMU's expansion.</param>
    /// <param name="migratable">Leave out properties QEMU marks as not migratable.</param>
    public static IEnumerable<string> EnabledFeatures(QemuHostCpu host, bool migratable = false)
    {
        foreach (var p in host.Properties)
        {
            if (p.Type != "boolean" || p.Value != "true") continue;
            if (migratable && p.Migratable == false) continue;
            yield return ToLibvirtName(p.Name);
        }
    }

    /// <summary>The vendor (leaf 0, when the expansion names a 12-character vendor) and the signature (leaf 1 eax)
    /// of the expansion, as CPU data.</summary>
    public static CpuidData VendorAndSignature(QemuHostCpu host)
    {
        var leaves = ImmutableArray.CreateBuilder<CpuidLeaf>();
        var vendor = host.Properties.FirstOrDefault(p => p.Name == "vendor" && p.Type == "string")?.Value;
        if (vendor is { Length: 12 }) leaves.Add(CpuidVendor.Leaf(vendor));
        var family = (uint)Math.Max(0, QemuHostReport.Number(host, "family") ?? 0);
        var model = (uint)Math.Max(0, QemuHostReport.Number(host, "model") ?? 0);
        var stepping = (uint)Math.Max(0, QemuHostReport.Number(host, "stepping") ?? 0);
        var eax = new CpuSignature(family, model, stepping).ToCpuidEax();
        if (eax != 0) leaves.Add(new CpuidLeaf(1, 0, eax, 0, 0, 0));
        return new CpuidData(leaves.ToImmutable(), ImmutableArray<MsrValue>.Empty);
    }
}

using DomainCpu.Catalog.Qemu;

namespace DomainCpu.CatalogGen;

/// <summary>The first difference between two catalogs of one release (the one built from QEMU and the one read back
/// from the file), or null when they hold the same data.</summary>
internal static class CatalogDifference
{
    public static string? Of(QemuCatalog a, QemuCatalog b)
    {
        if (a.QemuVersion != b.QemuVersion || a.LibvirtRelease != b.LibvirtRelease || a.ProbeAccelerator != b.ProbeAccelerator) return "versions";
        if (!a.Vendors.SequenceEqual(b.Vendors)) return "vendors";
        if (a.Features.Length != b.Features.Length) return $"{a.Features.Length} features, {b.Features.Length} read back";
        for (var i = 0; i < a.Features.Length; i++)
        {
            if (Feature(a.Features[i]) != Feature(b.Features[i])) return $"feature {i}: {Feature(a.Features[i])} / {Feature(b.Features[i])}";
        }
        if (a.Models.Length != b.Models.Length) return "model count";
        for (var i = 0; i < a.Models.Length; i++)
        {
            var (x, y) = (a.Models[i], b.Models[i]);
            if (x.Name != y.Name || x.Vendor != y.Vendor || !x.Aliases.SequenceEqual(y.Aliases) || x.Versions.Length != y.Versions.Length) return $"model {x.Name}";
            for (var v = 0; v < x.Versions.Length; v++)
            {
                if (!x.Versions[v].Equals(y.Versions[v]))
                {
                    return $"version {x.Versions[v].Name}";
                }
            }
        }
        if (a.Machines.Length != b.Machines.Length) return "machine count";
        for (var i = 0; i < a.Machines.Length; i++)
        {
            var (x, y) = (a.Machines[i], b.Machines[i]);
            if (x with { Overrides = [] } != y with { Overrides = [] } || !Same(x.Overrides, y.Overrides)) return $"machine type {x.Name}";
        }
        if (a.Accelerators.Length != b.Accelerators.Length) return "accelerator count";
        for (var i = 0; i < a.Accelerators.Length; i++)
        {
            var (x, y) = (a.Accelerators[i], b.Accelerators[i]);
            if (x.Name != y.Name || x.Probed != y.Probed || !Same(x.Defaults, y.Defaults) || !x.Offers.SequenceEqual(y.Offers)) return $"accelerator {x.Name}";
        }
        if (!a.Options.Equals(b.Options)) return "command-line options";
        return null;
    }

    private static string Feature(QemuFeature f) => string.Join('|',
        f.Index, f.Name, f.QemuName, string.Join(' ', f.QemuAliases), string.Join(' ', f.LinuxAliases), f.Bit, f.InLibvirt, f.Migratable);

    /// <summary>The same property values, in any order.</summary>
    private static bool Same(IEnumerable<QemuPropOverride> a, IEnumerable<QemuPropOverride> b)
    {
        static string Key(QemuPropOverride o) => $"{o.Prop}={o.Value.Kind}:{o.Value.Text}@{string.Join(' ', o.Names)}";
        return a.Select(Key).Order(StringComparer.Ordinal).SequenceEqual(b.Select(Key).Order(StringComparer.Ordinal));
    }
}

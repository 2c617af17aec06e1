using DomainCpu.Catalog.Qemu;

namespace DomainCpu.CatalogGen;

/// <summary>One feature of the file's shared table, with what each release knows of it.</summary>
internal sealed class SharedFeature
{
    /// <summary>libvirt's name, when some release's libvirt table has the feature.</summary>
    public string? LibvirtName { get; set; }

    /// <summary>QEMU's canonical property, when some release's QEMU has the feature.</summary>
    public string? QemuName { get; set; }

    /// <summary>The CPUID or MSR bit, as the newest libvirt table that has the feature places it.</summary>
    public QemuFeatureBit? Bit { get; set; }

    /// <summary>The releases whose libvirt table places the feature elsewhere (libvirt 11.3 put vmx-apicv-xapic in
    /// the low half of its MSR, 12.x in the high half), with the bit each uses.</summary>
    public SortedDictionary<int, QemuFeatureBit> ReleaseBits { get; } = [];

    /// <summary>libvirt's migratability; null while no libvirt table has the feature.</summary>
    public bool? Migratable { get; set; }

    public SortedSet<string> QemuAliases { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> LinuxAliases { get; } = new(StringComparer.Ordinal);

    /// <summary>The releases (indices, oldest = 0) whose QEMU has the feature.</summary>
    public SortedSet<int> InQemu { get; } = [];

    /// <summary>The name in the file: libvirt's when any libvirt has one, else QEMU's.</summary>
    public string Name => LibvirtName ?? QemuName!;
}

/// <summary>The features of all releases as one table: a feature is the same in two releases when its QEMU name, its
/// CPUID bit or its libvirt name is. The table is in the newest release's order (its libvirt table's, then its
/// QEMU-only features by name); each release keeps which of them it has and in what order.</summary>
internal sealed class SharedFeatureTable
{
    private SharedFeatureTable(IReadOnlyList<SharedFeature> features, IReadOnlyList<SharedFeature[]> byRelease)
    {
        Features = features;
        ByRelease = byRelease;
    }

    /// <summary>The features in file order.</summary>
    public IReadOnlyList<SharedFeature> Features { get; }

    /// <summary>For each release (oldest first), its features by their index in that release's catalog.</summary>
    public IReadOnlyList<SharedFeature[]> ByRelease { get; }

    /// <summary>Merges the releases' tables; fails when they disagree on a feature (a renamed feature, a moved bit, a
    /// feature a later QEMU dropped), which the file format cannot express.</summary>
    /// <param name="releases">The catalogs, oldest first.</param>
    public static SharedFeatureTable Build(IReadOnlyList<QemuCatalog> releases)
    {
        var features = new List<SharedFeature>();
        var byKey = new Dictionary<string, SharedFeature>(StringComparer.Ordinal);
        var byRelease = releases.Select(c => new SharedFeature[c.Features.Length]).ToArray();
        for (var ri = releases.Count - 1; ri >= 0; ri--)
        {
            var catalog = releases[ri];
            foreach (var f in catalog.Features)
            {
                var keys = Keys(f).ToList();
                var found = keys.Select(k => byKey.GetValueOrDefault(k)).Where(e => e is not null).Distinct().ToList();
                if (found.Count > 1) throw Disagree(catalog, f, "matches two features of other releases");
                var e = found.SingleOrDefault();
                if (e is null)
                {
                    e = new SharedFeature();
                    features.Add(e);
                }
                else if (Array.IndexOf(byRelease[ri], e) >= 0)
                {
                    throw Disagree(catalog, f, "is the same feature as another of its release");
                }
                Merge(e, f, ri, catalog);
                foreach (var k in Keys(f)) byKey[k] = e;
                byRelease[ri][f.Index] = e;
            }
        }
        foreach (var e in features.Where(e => e.InQemu.Count > 0))
        {
            if (e.InQemu.Max != releases.Count - 1 || e.InQemu.Count != e.InQemu.Max - e.InQemu.Min + 1)
            {
                throw new GeneratorException($"feature {e.Name}: QEMU has it in some releases but not in a later one; the catalog format cannot say so");
            }
        }
        return new SharedFeatureTable(features, byRelease);
    }

    private static IEnumerable<string> Keys(QemuFeature f)
    {
        if (f.QemuName is not null) yield return "qemu:" + f.QemuName;
        if (f.Bit is { } b) yield return "bit:" + b;
        if (f.InLibvirt) yield return "libvirt:" + f.Name;
    }

    private static void Merge(SharedFeature e, QemuFeature f, int release, QemuCatalog catalog)
    {
        if (f.InLibvirt)
        {
            if (e.LibvirtName is not null && e.LibvirtName != f.Name) throw Disagree(catalog, f, $"is named {e.LibvirtName} by another libvirt");
            if (e.Migratable is { } m && m != f.Migratable) throw Disagree(catalog, f, "differs in migratability from another libvirt");
            e.LibvirtName = f.Name;
            e.Migratable = f.Migratable;
            e.LinuxAliases.UnionWith(f.LinuxAliases);
        }
        if (f.QemuName is not null)
        {
            if (e.QemuName is not null && e.QemuName != f.QemuName) throw Disagree(catalog, f, $"is named {e.QemuName} by another QEMU");
            e.QemuName = f.QemuName;
            e.InQemu.Add(release);
            e.QemuAliases.UnionWith(f.QemuAliases);
        }
        if (f.Bit is { } bit)
        {
            if (e.Bit is { } newer && newer != bit) e.ReleaseBits[release] = bit;
            else e.Bit = bit;
        }
    }

    private static GeneratorException Disagree(QemuCatalog catalog, QemuFeature f, string what) =>
        new($"QEMU {catalog.QemuVersion}: feature {f.Name} {what}; the catalog format cannot say so");
}

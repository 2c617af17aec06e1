using System.Collections.Immutable;

namespace DomainCpu.Catalog;

/// <summary>
/// The read-only database of x86 CPU vendors, features and models that compare, decode and baseline work on.
/// Order matters: features in catalog order give every generated feature list its order; models in catalog
/// order decide which model decoding prefers (newest last).
/// </summary>
public sealed class CpuCatalog
{
    private readonly NameIndex<FeatureInfo> _features;
    private readonly NameIndex<CpuModel> _models;
    private readonly Dictionary<string, VendorInfo> _vendors;
    private X86CatalogBits? _bits;

    /// <summary>Creates a catalog; names must be unique within each list.</summary>
    internal CpuCatalog(ImmutableArray<VendorInfo> vendors, ImmutableArray<FeatureInfo> features, ImmutableArray<CpuModel> models)
    {
        Vendors = vendors;
        Features = features;
        Models = models;
        _vendors = vendors.ToDictionary(v => v.Name, StringComparer.Ordinal);
        _features = new NameIndex<FeatureInfo>(features, f => f.Name);
        _models = new NameIndex<CpuModel>(models, m => m.Name);
    }

    /// <summary>The vendors in catalog order.</summary>
    internal ImmutableArray<VendorInfo> Vendors { get; }

    /// <summary>The features in catalog order (<see cref="FeatureInfo.Index"/> = position).</summary>
    internal ImmutableArray<FeatureInfo> Features { get; }

    /// <summary>The models in catalog order.</summary>
    internal ImmutableArray<CpuModel> Models { get; }

    /// <summary>The catalog as dense bits (built on first use; a race builds it twice, harmlessly).</summary>
    internal X86CatalogBits Bits => _bits ??= new X86CatalogBits(this);

    /// <summary>The feature of that name, or null.</summary>
    internal FeatureInfo? FindFeature(string name) => _features.Find(name);

    /// <summary>The model of that name, or null.</summary>
    internal CpuModel? FindModel(string name) => _models.Find(name);

    /// <summary>The vendor of that name, or null.</summary>
    internal VendorInfo? FindVendor(string name) => _vendors.GetValueOrDefault(name);

    /// <summary>Whether a feature may stay in a migratable CPU (unknown names may).</summary>
    internal bool IsMigratable(string feature) => FindFeature(feature)?.Migratable ?? true;

    /// <summary>The names of every feature whose bits are all in <paramref name="data"/>, in catalog order
    /// (overlapping features are all listed).</summary>
    internal IEnumerable<string> FeatureNamesIn(X86Data data) => Bits.NamesIn(Bits.Layout.Dense(data));

    /// <summary>The features <paramref name="data"/> holds, in catalog order, each taking its bits out of the
    /// data before the next is tried (libvirt's data-to-features conversion).</summary>
    internal ImmutableArray<FeatureInfo> FeaturesOf(X86Data data) => Bits.TakeFeatures(Bits.Layout.Dense(data));

    /// <summary>As <see cref="FeaturesOf(X86Data)"/>, also giving the bits no feature accounted for.</summary>
    internal ImmutableArray<FeatureInfo> FeaturesOf(X86Data data, out X86Data rest)
    {
        var list = ImmutableArray.CreateBuilder<FeatureInfo>();
        var left = new X86DataBuilder(data);
        foreach (var f in Features)
        {
            if (!left.Contains(f.Data)) continue;
            left.AndNot(f.Data);
            list.Add(f);
        }
        rest = left.ToData();
        return list.ToImmutable();
    }

    /// <summary>The vendor whose CPUID string the data holds (first in catalog order), or null.</summary>
    internal VendorInfo? VendorOf(X86Data data)
    {
        foreach (var v in Vendors)
        {
            if (data.Contains(v.Data)) return v;
        }
        return null;
    }
}

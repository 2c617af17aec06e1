using System.Collections.Immutable;

namespace DomainCpu.Catalog;

/// <summary>
/// The catalog's features, models and vendors as dense bits over one <see cref="X86BitLayout"/> (built once per
/// catalog, on first use). Compare, baseline and decode run on these: libvirt's set operations on CPU data,
/// with the same results as on <see cref="X86Data"/>, without a merge or an allocation per operation.
/// </summary>
internal sealed class X86CatalogBits
{
    private readonly CpuCatalog _catalog;
    private readonly X86Mask[] _features;
    private readonly ulong[][] _models;

    public X86CatalogBits(CpuCatalog catalog)
    {
        _catalog = catalog;
        Layout = new X86BitLayout(catalog.Features.Select(f => f.Data).Concat(catalog.Models.Select(m => m.Data)).Concat(catalog.Vendors.Select(v => v.Data)));
        _features = new X86Mask[catalog.Features.Length];
        for (var i = 0; i < _features.Length; i++)
        {
            var f = catalog.Features[i];
            if (f.Index != i) throw new InvalidOperationException($"feature {f.Name} has index {f.Index} at position {i}");
            _features[i] = Layout.Mask(f.Data);
        }
        _models = new ulong[catalog.Models.Length][];
        for (var i = 0; i < _models.Length; i++)
        {
            var m = catalog.Models[i];
            if (m.Index != i) throw new InvalidOperationException($"model {m.Name} has index {m.Index} at position {i}");
            _models[i] = Layout.Dense(m.Data);
        }
    }

    /// <summary>The layout every dense array of this catalog uses.</summary>
    public X86BitLayout Layout { get; }

    /// <summary>The bits of a catalog feature.</summary>
    public X86Mask Feature(FeatureInfo feature) => _features[feature.Index];

    /// <summary>The bits of a catalog model.</summary>
    public ReadOnlySpan<ulong> Model(CpuModel model) => _models[model.Index];

    /// <summary>The names of every feature whose bits are all in <paramref name="data"/>, in catalog order.</summary>
    public ImmutableArray<string> NamesIn(ReadOnlySpan<ulong> data)
    {
        var names = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < _features.Length; i++)
        {
            if (_features[i].IsIn(data)) names.Add(_catalog.Features[i].Name);
        }
        return names.ToImmutable();
    }

    /// <summary>libvirt's data-to-features conversion: in catalog order, each feature whose bits are all left is
    /// listed and its bits taken out of <paramref name="left"/> (which is consumed).</summary>
    public ImmutableArray<FeatureInfo> TakeFeatures(Span<ulong> left)
    {
        var list = ImmutableArray.CreateBuilder<FeatureInfo>();
        for (var i = 0; i < _features.Length; i++)
        {
            if (!_features[i].IsIn(left)) continue;
            _features[i].ClearIn(left);
            list.Add(_catalog.Features[i]);
        }
        return list.ToImmutable();
    }
}

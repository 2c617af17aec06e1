using DomainCpu.Catalog;

namespace DomainCpu.CatalogGen;

/// <summary>The first difference between two x86 catalogs (a cpu_map directory's and the table's reading of the same
/// release), or null when vendors, features and models hold the same data in the same order.</summary>
internal static class CpuCatalogDifference
{
    public static string? Of(CpuCatalog a, CpuCatalog b)
    {
        if (!a.Vendors.SequenceEqual(b.Vendors)) return "vendors";
        if (a.Features.Length != b.Features.Length) return $"{a.Features.Length} features, {b.Features.Length} in the other";
        for (var i = 0; i < a.Features.Length; i++)
        {
            if (!a.Features[i].Equals(b.Features[i])) return $"feature {i} ({a.Features[i].Name} / {b.Features[i].Name})";
        }
        if (a.Models.Length != b.Models.Length) return $"{a.Models.Length} models, {b.Models.Length} in the other";
        for (var i = 0; i < a.Models.Length; i++)
        {
            if (Model(a.Models[i]) is var x && Model(b.Models[i]) is var y && x != y) return $"model {i}:\n  {x}\n  {y}";
        }
        return null;
    }

    /// <summary>Every field of a model in words (the record's own equality compares its arrays by reference).</summary>
    private static string Model(CpuModel m) => string.Join(" | ",
        m.Name, m.Index, m.DecodeHost, m.DecodeGuest, m.Vendor?.Name, string.Join(',', m.Signatures), Data(m.Data),
        string.Join(',', m.Features.Indices()), string.Join(',', m.RemovedFeatures), string.Join(',', m.AddedFeatures),
        m.CompatCheck, m.Ancestor, m.Canonical);

    private static string Data(X86Data d) => string.Join(',', d.Items.Select(i => $"{i.Key}={i.Regs}"));
}

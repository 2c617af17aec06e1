using System.Collections.Immutable;
using System.Text;
using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>Lookups and libvirt's normal form for raw CPU data (SPEC §7.1: items sorted by key, duplicates
/// OR-ed together, all-zero items ignored).</summary>
internal static class CpuidDataOps
{
    /// <summary>The data sorted by (leaf, subleaf) and MSR index, duplicate keys OR-ed, all-zero items dropped.</summary>
    public static CpuidData Normalize(CpuidData data)
    {
        var leaves = new SortedDictionary<(uint, uint), CpuidLeaf>();
        foreach (var l in data.Leaves)
        {
            var key = (l.EaxIn, l.EcxIn);
            leaves[key] = leaves.TryGetValue(key, out var old)
                ? old with { Eax = old.Eax | l.Eax, Ebx = old.Ebx | l.Ebx, Ecx = old.Ecx | l.Ecx, Edx = old.Edx | l.Edx }
                : l;
        }
        var msrs = new SortedDictionary<uint, MsrValue>();
        foreach (var m in data.Msrs)
        {
            msrs[m.Index] = msrs.TryGetValue(m.Index, out var old) ? old with { Eax = old.Eax | m.Eax, Edx = old.Edx | m.Edx } : m;
        }
        return new CpuidData(
            leaves.Values.Where(l => (l.Eax | l.Ebx | l.Ecx | l.Edx) != 0).ToImmutableArray(),
            msrs.Values.Where(m => (m.Eax | m.Edx) != 0).ToImmutableArray());
    }

    /// <summary>The leaf with these inputs (registers OR-ed over duplicates), or null when absent.</summary>
    public static CpuidLeaf? Find(this CpuidData data, uint eaxIn, uint ecxIn = 0)
    {
        CpuidLeaf? found = null;
        foreach (var l in data.Leaves)
        {
            if (l.EaxIn != eaxIn || l.EcxIn != ecxIn) continue;
            found = found is { } f ? f with { Eax = f.Eax | l.Eax, Ebx = f.Ebx | l.Ebx, Ecx = f.Ecx | l.Ecx, Edx = f.Edx | l.Edx } : l;
        }
        return found;
    }

    /// <summary>The MSR value with this index (OR-ed over duplicates), or null when absent.</summary>
    public static MsrValue? FindMsr(this CpuidData data, uint index)
    {
        MsrValue? found = null;
        foreach (var m in data.Msrs)
        {
            if (m.Index != index) continue;
            found = found is { } f ? f with { Eax = f.Eax | m.Eax, Edx = f.Edx | m.Edx } : m;
        }
        return found;
    }

    /// <summary>Whether a register bit of a leaf is set.</summary>
    public static bool HasBit(this CpuidData data, uint eaxIn, uint ecxIn, CpuidRegister register, int bit) =>
        data.Find(eaxIn, ecxIn) is { } l && (l.Get(register) & (1u << bit)) != 0;

    /// <summary>One output register of a leaf.</summary>
    public static uint Get(this CpuidLeaf leaf, CpuidRegister register) => register switch
    {
        CpuidRegister.Eax => leaf.Eax,
        CpuidRegister.Ebx => leaf.Ebx,
        CpuidRegister.Ecx => leaf.Ecx,
        _ => leaf.Edx,
    };

    /// <summary>The data with one more leaf (OR-ed into an existing one with the same inputs by <see cref="Normalize"/>).</summary>
    public static CpuidData With(this CpuidData data, CpuidLeaf leaf) => data with { Leaves = data.Leaves.Add(leaf) };

    /// <summary>The processor brand string of leaves 0x80000002–0x80000004, trimmed; null when absent or empty.</summary>
    public static string? BrandString(this CpuidData data)
    {
        var bytes = new List<byte>(48);
        for (var leaf = 0x80000002u; leaf <= 0x80000004u; leaf++)
        {
            if (data.Find(leaf) is not { } l) return null;
            foreach (var r in new[] { l.Eax, l.Ebx, l.Ecx, l.Edx }) bytes.AddRange(CpuidVendor.Bytes(r));
        }
        var end = bytes.IndexOf(0);
        var text = Encoding.ASCII.GetString(bytes.ToArray(), 0, end < 0 ? bytes.Count : end).Trim();
        return text.Length == 0 || text.Any(c => c < ' ' || c > '~') ? null : text;
    }
}

/// <summary>A CPUID output register.</summary>
internal enum CpuidRegister
{
    /// <summary>eax.</summary>
    Eax,
    /// <summary>ebx.</summary>
    Ebx,
    /// <summary>ecx.</summary>
    Ecx,
    /// <summary>edx.</summary>
    Edx,
}

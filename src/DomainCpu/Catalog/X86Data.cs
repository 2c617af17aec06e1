using System.Collections.Immutable;
using DomainCpu.Model;

namespace DomainCpu.Catalog;

/// <summary>
/// Immutable x86 CPU data: CPUID and MSR register bits, one item per leaf/subleaf or MSR, sorted by key.
/// Features, models and vendors of the catalog are data too, so compare, decode and baseline are set
/// operations on these bits (SPEC §7.1). Items with no bit set are dropped: every operation ignores them.
/// </summary>
internal sealed class X86Data : IEquatable<X86Data>
{
    private readonly X86Item[] _items;

    private X86Data(X86Item[] items) => _items = items;

    /// <summary>No data.</summary>
    public static X86Data Empty { get; } = new(Array.Empty<X86Item>());

    /// <summary>The items in key order.</summary>
    public ImmutableArray<X86Item> Items => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_items);

    /// <summary>Whether no bit is set.</summary>
    public bool IsEmpty => _items.Length == 0;

    /// <summary>Data from items; items with the same key are or-ed together.</summary>
    public static X86Data Of(IEnumerable<X86Item> items)
    {
        if (items is List<X86Item> list && IsSortedUnique(list)) return FromSorted(list);
        var map = new SortedDictionary<X86Key, X86Regs>();
        foreach (var it in items)
        {
            map[it.Key] = map.TryGetValue(it.Key, out var r) ? r.Or(it.Regs) : it.Regs;
        }
        return FromSorted(map.Select(kv => new X86Item(kv.Key, kv.Value)));
    }

    /// <summary>Data from one item.</summary>
    public static X86Data Of(X86Key key, X86Regs regs) => FromSorted(new[] { new X86Item(key, regs) });

    /// <summary>The data of a raw CPUID/MSR dump.</summary>
    public static X86Data FromCpuid(CpuidData raw) =>
        Of(raw.Leaves.Select(l => new X86Item(X86Key.Cpuid(l.EaxIn, l.EcxIn), new X86Regs(l.Eax, l.Ebx, l.Ecx, l.Edx)))
            .Concat(raw.Msrs.Select(m => new X86Item(X86Key.Msr(m.Index), new X86Regs(m.Eax, 0, 0, m.Edx)))));

    private static bool IsSortedUnique(List<X86Item> list)
    {
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i - 1].Key.CompareTo(list[i].Key) >= 0) return false;
        }
        return true;
    }

    private static X86Data FromSorted(IEnumerable<X86Item> sorted)
    {
        var n = 0;
        foreach (var it in sorted) if (!it.Regs.IsZero) n++;
        if (n == 0) return Empty;
        var arr = new X86Item[n];
        var k = 0;
        foreach (var it in sorted) if (!it.Regs.IsZero) arr[k++] = it;
        return new X86Data(arr);
    }

    /// <summary>The registers of a key (all zero when absent).</summary>
    public X86Regs Get(X86Key key)
    {
        var i = IndexOf(key);
        return i >= 0 ? _items[i].Regs : default;
    }

    private int IndexOf(X86Key key)
    {
        var i = Search(_items, key);
        return i >= 0 ? i : -1;
    }

    /// <summary>Binary search of items sorted by key: the index of <paramref name="key"/>, or the bitwise
    /// complement of where it would be inserted.</summary>
    internal static int Search(ReadOnlySpan<X86Item> items, X86Key key)
    {
        int lo = 0, hi = items.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = items[mid].Key.CompareTo(key);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return ~lo;
    }

    /// <summary>Union: every bit set here or in <paramref name="other"/>.</summary>
    public X86Data Union(X86Data other)
    {
        if (other.IsEmpty) return this;
        if (IsEmpty) return other;
        return Merge(other, (a, b) => a.Or(b), keepLeftOnly: true, keepRightOnly: true);
    }

    /// <summary>Difference: the bits set here and not in <paramref name="other"/>.</summary>
    public X86Data Except(X86Data other)
    {
        if (other.IsEmpty || IsEmpty) return this;
        return Merge(other, (a, b) => a.AndNot(b), keepLeftOnly: true, keepRightOnly: false);
    }

    /// <summary>Intersection: the bits set both here and in <paramref name="other"/>.</summary>
    public X86Data Intersect(X86Data other)
    {
        if (other.IsEmpty || IsEmpty) return Empty;
        return Merge(other, (a, b) => a.And(b), keepLeftOnly: false, keepRightOnly: false);
    }

    private X86Data Merge(X86Data other, Func<X86Regs, X86Regs, X86Regs> both, bool keepLeftOnly, bool keepRightOnly)
    {
        var a = _items;
        var b = other._items;
        var result = new List<X86Item>(a.Length + (keepRightOnly ? b.Length : 0));
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var c = i >= a.Length ? 1 : j >= b.Length ? -1 : a[i].Key.CompareTo(b[j].Key);
            if (c == 0)
            {
                result.Add(new X86Item(a[i].Key, both(a[i].Regs, b[j].Regs)));
                i++;
                j++;
            }
            else if (c < 0)
            {
                if (keepLeftOnly) result.Add(a[i]);
                i++;
            }
            else
            {
                if (keepRightOnly) result.Add(b[j]);
                j++;
            }
        }
        return FromSorted(result);
    }

    /// <summary>Whether every bit of <paramref name="subset"/> is set here (libvirt's "data contains").</summary>
    public bool Contains(X86Data subset)
    {
        foreach (var it in subset._items)
        {
            var i = IndexOf(it.Key);
            if (i < 0 || !_items[i].Regs.Covers(it.Regs)) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public bool Equals(X86Data? other) => other is not null && _items.AsSpan().SequenceEqual(other._items);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is X86Data d && Equals(d);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var it in _items) h.Add(it);
        return h.ToHashCode();
    }
}

using System.Numerics;

namespace DomainCpu.Catalog;

/// <summary>An immutable set of features as a bitset over catalog feature indices (fast union, intersection,
/// difference and subset tests for compare and baseline over large pools).</summary>
internal readonly struct FeatureSet : IEquatable<FeatureSet>
{
    private readonly ulong[]? _words;

    private FeatureSet(ulong[] words) => _words = words;

    /// <summary>The empty set.</summary>
    public static FeatureSet Empty => default;

    /// <summary>A set of the given feature indices.</summary>
    public static FeatureSet Of(IEnumerable<int> indices)
    {
        var list = indices.ToList();
        if (list.Count == 0) return Empty;
        var words = new ulong[(list.Max() >> 6) + 1];
        foreach (var i in list) words[i >> 6] |= 1UL << (i & 63);
        return new FeatureSet(words);
    }

    private ReadOnlySpan<ulong> Words => _words ?? ReadOnlySpan<ulong>.Empty;

    /// <summary>Whether the set holds the feature index.</summary>
    public bool Contains(int index)
    {
        var w = Words;
        return (index >> 6) < w.Length && (w[index >> 6] & (1UL << (index & 63))) != 0;
    }

    /// <summary>Whether the set is empty.</summary>
    public bool IsEmpty
    {
        get
        {
            foreach (var x in Words) if (x != 0) return false;
            return true;
        }
    }

    /// <summary>The number of features in the set.</summary>
    public int Count
    {
        get
        {
            var n = 0;
            foreach (var x in Words) n += BitOperations.PopCount(x);
            return n;
        }
    }

    /// <summary>The indices in ascending order (catalog order).</summary>
    public IEnumerable<int> Indices()
    {
        var words = _words;
        if (words is null) yield break;
        for (var i = 0; i < words.Length; i++)
        {
            var x = words[i];
            while (x != 0)
            {
                var b = BitOperations.TrailingZeroCount(x);
                yield return (i << 6) + b;
                x &= x - 1;
            }
        }
    }

    /// <summary>The set with one more feature.</summary>
    public FeatureSet With(int index)
    {
        var w = Words;
        var words = new ulong[Math.Max(w.Length, (index >> 6) + 1)];
        w.CopyTo(words);
        words[index >> 6] |= 1UL << (index & 63);
        return new FeatureSet(words);
    }

    /// <summary>The set without a feature.</summary>
    public FeatureSet Without(int index) => Contains(index) ? Except(Of(new[] { index })) : this;

    /// <summary>Union.</summary>
    public FeatureSet Union(FeatureSet other)
    {
        var a = Words;
        var b = other.Words;
        var words = new ulong[Math.Max(a.Length, b.Length)];
        for (var i = 0; i < words.Length; i++) words[i] = (i < a.Length ? a[i] : 0) | (i < b.Length ? b[i] : 0);
        return new FeatureSet(words);
    }

    /// <summary>Intersection.</summary>
    public FeatureSet Intersect(FeatureSet other)
    {
        var a = Words;
        var b = other.Words;
        var words = new ulong[Math.Min(a.Length, b.Length)];
        for (var i = 0; i < words.Length; i++) words[i] = a[i] & b[i];
        return new FeatureSet(words);
    }

    /// <summary>Difference: the features of this set not in <paramref name="other"/>.</summary>
    public FeatureSet Except(FeatureSet other)
    {
        var a = Words;
        var b = other.Words;
        var words = a.ToArray();
        for (var i = 0; i < words.Length && i < b.Length; i++) words[i] &= ~b[i];
        return new FeatureSet(words);
    }

    /// <summary>Whether every feature of this set is in <paramref name="other"/>.</summary>
    public bool IsSubsetOf(FeatureSet other)
    {
        var a = Words;
        var b = other.Words;
        for (var i = 0; i < a.Length; i++)
        {
            var bw = i < b.Length ? b[i] : 0;
            if ((a[i] & ~bw) != 0) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public bool Equals(FeatureSet other) => IsSubsetOf(other) && other.IsSubsetOf(this);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FeatureSet f && Equals(f);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = 0UL;
        foreach (var x in Words) h ^= x * 0x9E3779B97F4A7C15UL;
        return h.GetHashCode();
    }

    /// <summary>Set equality.</summary>
    public static bool operator ==(FeatureSet a, FeatureSet b) => a.Equals(b);

    /// <summary>Set inequality.</summary>
    public static bool operator !=(FeatureSet a, FeatureSet b) => !a.Equals(b);
}

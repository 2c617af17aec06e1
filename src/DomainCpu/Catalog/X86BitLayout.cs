namespace DomainCpu.Catalog;

/// <summary>
/// Dense x86 data over a fixed set of CPUID leaves and MSRs: every key gets two 64-bit words (eax | ebx &lt;&lt; 32,
/// ecx | edx &lt;&lt; 32), so data made of catalog features, models and vendors is a <c>ulong[]</c> of one length and
/// union, intersection and subset tests are word loops instead of merges of sorted items.
/// </summary>
internal sealed class X86BitLayout
{
    private readonly X86Key[] _keys;

    /// <summary>A layout of every key that occurs in <paramref name="data"/>.</summary>
    public X86BitLayout(IEnumerable<X86Data> data) =>
        _keys = data.SelectMany(d => d.Items).Select(i => i.Key).Distinct().Order().ToArray();

    /// <summary>The number of words of dense data.</summary>
    public int Words => _keys.Length * 2;

    /// <summary>The dense form of <paramref name="data"/>; bits of keys outside the layout are dropped.</summary>
    public ulong[] Dense(X86Data data)
    {
        var words = new ulong[Words];
        foreach (var it in data.Items)
        {
            var slot = Array.BinarySearch(_keys, it.Key);
            if (slot < 0) continue;
            words[2 * slot] = it.Regs.Eax | (ulong)it.Regs.Ebx << 32;
            words[2 * slot + 1] = it.Regs.Ecx | (ulong)it.Regs.Edx << 32;
        }
        return words;
    }

    /// <summary>The sparse form of <paramref name="data"/>, whose keys must all be in the layout.</summary>
    public X86Mask Mask(X86Data data)
    {
        var dense = Dense(data);
        var words = new List<X86MaskWord>();
        for (var i = 0; i < dense.Length; i++)
        {
            if (dense[i] != 0) words.Add(new X86MaskWord(i, dense[i]));
        }
        return new X86Mask(words.ToArray());
    }

    /// <summary>The data that dense words stand for.</summary>
    public X86Data ToData(ReadOnlySpan<ulong> words)
    {
        var items = new List<X86Item>();
        for (var slot = 0; slot < _keys.Length; slot++)
        {
            ulong lo = words[2 * slot], hi = words[2 * slot + 1];
            if ((lo | hi) != 0) items.Add(new X86Item(_keys[slot], new X86Regs((uint)lo, (uint)(lo >> 32), (uint)hi, (uint)(hi >> 32))));
        }
        return X86Data.Of(items);
    }

    /// <summary>Whether no bit is set.</summary>
    public static bool IsEmpty(ReadOnlySpan<ulong> words) => words.IndexOfAnyExcept(0UL) < 0;

    /// <summary>Whether every bit of <paramref name="subset"/> is set in <paramref name="data"/>.</summary>
    public static bool Contains(ReadOnlySpan<ulong> data, ReadOnlySpan<ulong> subset)
    {
        for (var i = 0; i < subset.Length; i++)
        {
            if ((subset[i] & ~data[i]) != 0) return false;
        }
        return true;
    }

    /// <summary><paramref name="target"/> &amp;= <paramref name="other"/>.</summary>
    public static void And(Span<ulong> target, ReadOnlySpan<ulong> other)
    {
        for (var i = 0; i < target.Length; i++) target[i] &= other[i];
    }

    /// <summary><paramref name="target"/> &amp;= ~<paramref name="other"/>.</summary>
    public static void AndNot(Span<ulong> target, ReadOnlySpan<ulong> other)
    {
        for (var i = 0; i < target.Length; i++) target[i] &= ~other[i];
    }
}

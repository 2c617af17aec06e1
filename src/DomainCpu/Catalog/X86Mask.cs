namespace DomainCpu.Catalog;

/// <summary>One word of an <see cref="X86Mask"/>: which word of the dense array, and its bits.</summary>
internal readonly record struct X86MaskWord(int Word, ulong Bits);

/// <summary>The bits of a small piece of CPU data (a feature, a vendor) over an <see cref="X86BitLayout"/>, kept
/// sparse: a feature sets one or two words, so testing or applying it touches only those.</summary>
internal readonly struct X86Mask
{
    private readonly X86MaskWord[] _words;

    public X86Mask(X86MaskWord[] words) => _words = words;

    /// <summary>Whether every bit of the mask is set in <paramref name="data"/> (a mask with no bit is in any data).</summary>
    public bool IsIn(ReadOnlySpan<ulong> data)
    {
        foreach (var w in _words)
        {
            if ((data[w.Word] & w.Bits) != w.Bits) return false;
        }
        return true;
    }

    /// <summary>Sets the mask's bits in <paramref name="data"/>.</summary>
    public void SetIn(Span<ulong> data)
    {
        foreach (var w in _words) data[w.Word] |= w.Bits;
    }

    /// <summary>Clears the mask's bits in <paramref name="data"/>.</summary>
    public void ClearIn(Span<ulong> data)
    {
        foreach (var w in _words) data[w.Word] &= ~w.Bits;
    }
}

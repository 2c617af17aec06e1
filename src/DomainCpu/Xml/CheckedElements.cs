namespace DomainCpu.Xml;

/// <summary>
/// Elements a <see cref="PlainXmlScanner"/> has checked and skipped, byte for byte, so that the same bytes met again
/// at the same depth are skipped with one comparison. Whether an element, from its start tag to its end tag, is
/// well-formed and within the limits depends only on its bytes and on its depth, so bytes equal to checked ones at
/// the same depth need no second check. The host capabilities documents of a fleet repeat most of what is skipped in
/// them: the guests and machine types of one QEMU release, the NUMA topology of one kind of machine.
/// Memory is bounded whatever the input: elements of at most <see cref="MaxElementBytes"/>, at most
/// <see cref="MaxCandidates"/> of them for one start tag (the one least recently met goes), and when the whole would pass <see cref="MaxBytes"/>, the
/// elements kept so far are dropped.
/// </summary>
internal sealed class CheckedElements
{
    /// <summary>The longest element kept.</summary>
    public const int MaxElementBytes = 16 * 1024;

    private const int MaxBytes = 1024 * 1024;
    private const int MaxCandidates = 64;

    private readonly Dictionary<(int Depth, int Hash), List<byte[]>> _byStartTag = new();
    private int _bytes;

    /// <summary>The length of the checked element at <paramref name="depth"/> that <paramref name="input"/> starts
    /// with (its start tag is <paramref name="startTag"/>, the beginning of the input), or 0 when there is none.</summary>
    public int LengthAt(ReadOnlySpan<byte> input, ReadOnlySpan<byte> startTag, int depth)
    {
        if (!_byStartTag.TryGetValue(Key(startTag, depth), out var candidates)) return 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var element = candidates[i];
            if (!input.StartsWith(element)) continue;
            // The one met is likely met again soon: it goes first.
            candidates.RemoveAt(i);
            candidates.Insert(0, element);
            return element.Length;
        }
        return 0;
    }

    /// <summary>Keeps an element checked at <paramref name="depth"/> whose start tag is the first
    /// <paramref name="startTagLength"/> of its bytes.</summary>
    public void Add(ReadOnlySpan<byte> element, int startTagLength, int depth)
    {
        if (element.Length > MaxElementBytes) return;
        if (_bytes + element.Length > MaxBytes)
        {
            _byStartTag.Clear();
            _bytes = 0;
        }
        var key = Key(element[..startTagLength], depth);
        if (!_byStartTag.TryGetValue(key, out var candidates)) _byStartTag[key] = candidates = new List<byte[]>();
        if (candidates.Count == MaxCandidates)
        {
            _bytes -= candidates[^1].Length;
            candidates.RemoveAt(candidates.Count - 1);
        }
        candidates.Insert(0, element.ToArray());
        _bytes += element.Length;
    }

    private static (int, int) Key(ReadOnlySpan<byte> startTag, int depth)
    {
        var hash = new HashCode();
        hash.AddBytes(startTag);
        return (depth, hash.ToHashCode());
    }
}

namespace DomainCpu.Xml;

/// <summary>
/// Elements a <see cref="PlainXmlScanner"/> has checked and skipped, byte for byte, so that the same bytes met again
/// at the same depth are skipped with one comparison. Whether an element, from its start tag to its end tag, is
/// well-formed and within the limits depends only on its bytes and on its depth, so bytes equal to checked ones at
/// the same depth need no second check. The host capabilities documents of a fleet repeat most of what is skipped in
/// them: the guests and machine types of one QEMU release, the NUMA topology of one kind of machine.
/// Memory is bounded whatever the input: elements of at most <see cref="MaxElementBytes"/>, at most
/// <see cref="MaxCandidates"/> of them for one start tag (the one least recently met goes), and when the whole would
/// pass <see cref="MaxBytes"/>, the elements kept so far are dropped. Keeping an element costs a copy, so while those
/// kept are seldom met again (a pool of all different documents), only one element in <see cref="KeepOneIn"/> is kept, and
/// only one in <see cref="LookOneIn"/> looked for.
/// </summary>
internal sealed class CheckedElements
{
    /// <summary>The longest element kept.</summary>
    public const int MaxElementBytes = 16 * 1024;

    private const int MaxBytes = 1024 * 1024;
    private const int MaxCandidates = 64;
    private const int KeepOneIn = 64;
    private const int LookOneIn = 8;

    private readonly Dictionary<(int Depth, int Hash), List<byte[]>> _byStartTag = new();
    private int _bytes;
    private int _kept;
    private int _met;
    private int _missed;
    private int _unlooked;

    /// <summary>The key of elements at <paramref name="depth"/> with the start tag <paramref name="startTag"/>.</summary>
    public static (int Depth, int Hash) Key(ReadOnlySpan<byte> startTag, int depth)
    {
        var hash = new HashCode();
        hash.AddBytes(startTag);
        return (depth, hash.ToHashCode());
    }

    /// <summary>Whether to look for an element of that key: one has been kept, and those kept are met again (else,
    /// a pool of all different documents, only one time in <see cref="LookOneIn"/>).</summary>
    public bool WorthLooking((int, int) key) => _byStartTag.ContainsKey(key) && (!Cold || ++_unlooked % LookOneIn == 0);

    private bool Cold => _kept > MaxCandidates + 4 * _met;

    /// <summary>The length of the checked element of that key that <paramref name="input"/> starts with, or 0 when
    /// there is none.</summary>
    public int LengthAt((int, int) key, ReadOnlySpan<byte> input)
    {
        if (_byStartTag.TryGetValue(key, out var candidates))
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                var element = candidates[i];
                if (!input.StartsWith(element)) continue;
                // The one met is likely met again soon: it goes first.
                candidates.RemoveAt(i);
                candidates.Insert(0, element);
                _met++;
                return element.Length;
            }
        }
        _missed++;
        return 0;
    }

    /// <summary>Keeps an element just checked (one of that key was looked for and not found).</summary>
    public void Add((int, int) key, ReadOnlySpan<byte> element)
    {
        if (element.Length > MaxElementBytes) return;
        if (Cold && _missed < KeepOneIn) return;
        _missed = 0;
        _kept++;
        if (_bytes + element.Length > MaxBytes)
        {
            _byStartTag.Clear();
            _bytes = 0;
        }
        if (!_byStartTag.TryGetValue(key, out var candidates)) _byStartTag[key] = candidates = new List<byte[]>();
        if (candidates.Count == MaxCandidates)
        {
            _bytes -= candidates[^1].Length;
            candidates.RemoveAt(candidates.Count - 1);
        }
        candidates.Insert(0, element.ToArray());
        _bytes += element.Length;
    }
}

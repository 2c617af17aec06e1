using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>
/// Lines and columns of byte offsets in a stream that goes by in pieces, counted as XML readers count them: a line
/// break is LF, CR LF or a lone CR, and columns count characters from 1 (the bytes are ASCII). Every byte is shown
/// to it once, in order, before it leaves the window.
/// </summary>
internal struct LineCounter
{
    private int _line;
    private long _lineStart;
    private long _counted;
    private bool _pendingCr;

    /// <summary>A counter at the start of a stream.</summary>
    public static LineCounter Start => new() { _line = 1 };

    /// <summary>The offset up to which bytes have been counted.</summary>
    public readonly long Counted => _counted;

    /// <summary>The position of <paramref name="offset"/>, once the bytes before it have been counted.</summary>
    public readonly SourcePosition PositionOf(long offset) => new(_line, (int)(offset - _lineStart) + 1);

    /// <summary>Counts <paramref name="bytes"/>, the bytes from <see cref="Counted"/> on.</summary>
    public void Count(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        var at = _counted;
        _counted += bytes.Length;
        if (_pendingCr && bytes[0] == '\n')
        {
            // The LF of a CR LF whose CR ended the previous piece: the break is counted already.
            _lineStart = at + 1;
            _pendingCr = false;
            bytes = bytes[1..];
            at++;
        }
        if (bytes.IsEmpty) return;
        _pendingCr = bytes[^1] == '\r';
        if (bytes.IndexOf((byte)'\r') < 0)
        {
            var lf = bytes.Count((byte)'\n');
            if (lf == 0) return;
            _line += lf;
            _lineStart = at + bytes.LastIndexOf((byte)'\n') + 1;
            return;
        }
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\r' || bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) _line++;
            if (bytes[i] is (byte)'\r' or (byte)'\n') _lineStart = at + i + 1;
        }
    }
}

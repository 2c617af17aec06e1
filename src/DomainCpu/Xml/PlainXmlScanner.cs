using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>What <see cref="PlainXmlScanner.Next"/> found.</summary>
internal enum PlainXmlToken
{
    /// <summary><c>&lt;name …&gt;</c>.</summary>
    StartTag,

    /// <summary><c>&lt;name …/&gt;</c>: a start and an end in one.</summary>
    EmptyTag,

    /// <summary><c>&lt;/name&gt;</c>.</summary>
    EndTag,

    /// <summary>Character data between two pieces of markup.</summary>
    Text,

    /// <summary>A comment.</summary>
    Comment,

    /// <summary>A CDATA section.</summary>
    CData,

    /// <summary>The XML declaration.</summary>
    Declaration,

    /// <summary>The input ended after complete markup.</summary>
    EndOfInput,

    /// <summary>The input leaves the plain subset, is malformed, or breaks a limit: the scan is over and the
    /// general reader must decide.</summary>
    Unsupported,
}

/// <summary>
/// A forward-only scanner over XML bytes, for the plain subset that machine-written libvirt documents use: ASCII,
/// no DTD, no namespaces, no processing instructions, an optional <c>&lt;?xml version='1.0'?&gt;</c> declaration.
/// It checks well-formedness (names, attributes, nesting, references, comments) and the limits
/// <see cref="XmlSafety"/> enforces on everything it passes, so whatever it passes the general reader accepts too;
/// anything else ends the scan with <see cref="PlainXmlToken.Unsupported"/>, and the caller hands the input to the
/// general reader, which decides and words any finding. It holds only the current token in memory, so a stream of
/// any length is scanned in a bounded window; one scanner reads input after input in the same window.
/// </summary>
internal sealed class PlainXmlScanner : IDisposable
{
    private const PlainXmlToken NeedMore = (PlainXmlToken)(-1);
    private const int MaxNameLength = 256;
    private const int MaxAttributes = 32;
    private const int InitialBuffer = 64 * 1024;

    // Character classes of the subset, one bit each.
    private const byte NameStart = 1;
    private const byte NameChar = 2;
    private const byte Blank = 4;
    private const byte ValueChar = 8;
    private const byte TextChar = 16;
    private const byte Allowed = 32;
    private static readonly byte[] Classes = BuildClasses();

    private readonly InputLimits _limits;
    private readonly long _maxInput;
    private readonly int _maxToken;
    private Stream _stream = Stream.Null;
    private byte[] _buf;
    private long _bufStart;
    private int _pos;
    private int _next;
    private int _end;
    private bool _eof;

    // The names of the open elements, one after the other; the one at depth d ends at _stackEnds[d + 1].
    private byte[] _stackNames = new byte[1024];
    private readonly int[] _stackEnds;
    private int _depth;

    private int _nameStart, _nameLength;
    private int _textStart, _textLength;
    private bool _textHasReference;
    private readonly int[] _attrs = new int[MaxAttributes * 4];
    private readonly bool[] _attrPlain = new bool[MaxAttributes];

    private LineCounter _lines;
    private readonly CheckedElements _checked = new();

    /// <param name="limits">The limits to hold the input to.</param>
    /// <param name="maxInput">The most bytes to scan of one input; past them the scan is
    /// <see cref="PlainXmlToken.Unsupported"/>.</param>
    public PlainXmlScanner(InputLimits limits, long maxInput)
    {
        _limits = limits;
        _maxInput = maxInput;
        _maxToken = Math.Max(limits.MaxTextLength, limits.MaxAttributeLength) + 64 * 1024;
        _buf = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        _stackEnds = new int[Math.Max(1, limits.MaxDepth) + 1];
        Reset(Stream.Null);
    }

    /// <summary>The current token.</summary>
    public PlainXmlToken Token { get; private set; }

    /// <summary>The depth of the current element (the root is 0), or of the current text or comment (its
    /// parent's depth plus one).</summary>
    public int Depth { get; private set; }

    /// <summary>The name of the current tag.</summary>
    public ReadOnlySpan<byte> Name => _buf.AsSpan(_nameStart, _nameLength);

    /// <summary>The number of attributes of the current start or empty tag.</summary>
    public int AttributeCount { get; private set; }

    /// <summary>The bytes of the current text, comment or CDATA section.</summary>
    public ReadOnlySpan<byte> Text => _buf.AsSpan(_textStart, _textLength);

    /// <summary>Whether the current text is only blanks (space, tab, line feed, carriage return).</summary>
    public bool TextIsBlank => !_textHasReference && Text.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    /// <summary>Whether the current text reads as written: no reference, no carriage return (which XML
    /// normalises).</summary>
    public bool TextIsPlain => !_textHasReference && Text.IndexOf((byte)'\r') < 0;

    /// <summary>The absolute byte offset of the current token.</summary>
    public long TokenOffset => _bufStart + _pos;

    /// <summary>The absolute byte offset just past the current token.</summary>
    public long TokenEnd => _bufStart + _next;

    /// <summary>The line and column XML readers give the current tag (its name's first character).</summary>
    public SourcePosition NamePosition => PositionOf(TokenOffset + 1);

    /// <summary>Starts scanning another input, from its first byte.</summary>
    /// <param name="stream">The input, read forward only; not closed.</param>
    public void Reset(Stream stream)
    {
        _stream = stream;
        _bufStart = 0;
        _pos = _next = _end = 0;
        _eof = false;
        _depth = 0;
        _lines = LineCounter.Start;
        Token = NeedMore;
    }

    /// <summary>The value of the named attribute of the current tag; <paramref name="plain"/> says whether it reads
    /// as written (no reference, no character XML normalises). False when there is no such attribute.</summary>
    public bool TryGetAttribute(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value, out bool plain)
    {
        for (var a = 0; a < AttributeCount; a++)
        {
            if (!_buf.AsSpan(_attrs[4 * a], _attrs[4 * a + 1]).SequenceEqual(name)) continue;
            value = _buf.AsSpan(_attrs[4 * a + 2], _attrs[4 * a + 3]);
            plain = _attrPlain[a];
            return true;
        }
        value = default;
        plain = false;
        return false;
    }

    /// <summary>Reads the next token. After <see cref="PlainXmlToken.EndOfInput"/> or
    /// <see cref="PlainXmlToken.Unsupported"/> it returns the same again.</summary>
    public PlainXmlToken Next()
    {
        if (Token is PlainXmlToken.EndOfInput or PlainXmlToken.Unsupported) return Token;
        _pos = _next;
        while (true)
        {
            var token = Scan();
            if (token != NeedMore) return Token = token;
            if (!Fill()) return Token = PlainXmlToken.Unsupported;
        }
    }

    /// <summary>Skips the inside of the element whose start tag is current, through its end tag, which becomes the
    /// current token: everything on the way is checked as <see cref="Next"/> checks it, but nothing is handed out, and
    /// an element whose bytes equal one this scanner checked before at the same depth is not checked again.
    /// False when the scan ends on the way (<see cref="PlainXmlToken.Unsupported"/>).</summary>
    public bool SkipElement()
    {
        if (Token != PlainXmlToken.StartTag) throw new InvalidOperationException("Skip from a start tag");
        var key = CheckedElements.Key(_buf.AsSpan(_pos, _next - _pos), _depth);
        if (_checked.WorthLooking(key))
        {
            while (!_eof && _end - _pos < CheckedElements.MaxElementBytes && Fill())
            {
            }
            var length = _checked.LengthAt(key, _buf.AsSpan(_pos, _end - _pos));
            if (length > 0) return SkippedAs(_pos + length);
        }
        var start = _bufStart + _pos;
        var depth = _depth;
        while (true)
        {
            var token = Next();
            if (token is PlainXmlToken.EndTag && _depth == depth - 1) break;
            if (token is PlainXmlToken.Unsupported or PlainXmlToken.EndOfInput)
            {
                Token = PlainXmlToken.Unsupported;
                return false;
            }
        }
        // Kept if the window still holds it whole.
        if (start >= _bufStart) _checked.Add(key, _buf.AsSpan((int)(start - _bufStart), (int)(_bufStart + _next - start)));
        Token = PlainXmlToken.EndTag;
        return true;
    }

    /// <summary>The current element, checked before, ends just before <paramref name="end"/> (in the window) with its
    /// end tag: that becomes the current token.</summary>
    private bool SkippedAs(int end)
    {
        var open = _stackNames.AsSpan(_stackEnds[_depth - 1], _stackEnds[_depth] - _stackEnds[_depth - 1]);
        _depth--;
        _pos = _buf.AsSpan(0, end).LastIndexOf("</"u8);
        _nameStart = _pos + 2;
        _nameLength = open.Length;
        AttributeCount = 0;
        Depth = _depth;
        _next = end;
        Token = PlainXmlToken.EndTag;
        return true;
    }

    public void Dispose()
    {
        var buf = _buf;
        _buf = Array.Empty<byte>();
        if (buf.Length > 0) ArrayPool<byte>.Shared.Return(buf);
    }

    /// <summary>Brings more input into the window, keeping the current token; false when there is no more (the input
    /// ended inside a token) or the token is longer than any the limits allow.</summary>
    private bool Fill()
    {
        if (_eof) return false;
        if (_pos > 0)
        {
            CountLinesTo(_bufStart + _pos);
            _buf.AsSpan(_pos, _end - _pos).CopyTo(_buf);
            _bufStart += _pos;
            _end -= _pos;
            _next -= _pos;
            _pos = 0;
        }
        if (_end == _buf.Length)
        {
            if (_buf.Length >= _maxToken) return false;
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buf.Length * 2, _maxToken));
            _buf.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buf);
            _buf = bigger;
        }
        var n = _stream.Read(_buf, _end, _buf.Length - _end);
        if (n == 0) _eof = true;
        _end += n;
        return _bufStart + _end <= _maxInput;
    }

    private PlainXmlToken Scan()
    {
        var b = _buf.AsSpan(_pos, _end - _pos);
        if (b.IsEmpty) return !_eof ? NeedMore : _depth == 0 ? PlainXmlToken.EndOfInput : PlainXmlToken.Unsupported;
        if (b[0] != '<') return ScanText(b);
        if (b.Length < 2) return NeedMore;
        return b[1] switch
        {
            (byte)'/' => ScanEndTag(b),
            (byte)'!' => ScanBang(b),
            (byte)'?' => ScanDeclaration(b),
            _ => ScanStartTag(b),
        };
    }

    private PlainXmlToken ScanText(ReadOnlySpan<byte> b)
    {
        var i = 0;
        var references = false;
        while (true)
        {
            while (i < b.Length && (Class(b[i]) & TextChar) != 0) i++;
            if (i == b.Length)
            {
                if (!_eof) return NeedMore;
                break;
            }
            var c = b[i];
            if (c == '<') break;
            if (c == '&')
            {
                var n = ReferenceLength(b[i..]);
                if (n <= 0) return n == 0 && !_eof ? NeedMore : PlainXmlToken.Unsupported;
                references = true;
                i += n;
            }
            else if (c == ']')
            {
                if (b.Length - i < 3 && !_eof) return NeedMore;
                if (b[i..].StartsWith("]]>"u8)) return PlainXmlToken.Unsupported;
                i++;
            }
            else return PlainXmlToken.Unsupported;
        }
        if (i > _limits.MaxTextLength) return PlainXmlToken.Unsupported;
        SetText(_pos, i, references);
        Depth = _depth;
        _next = _pos + i;
        return PlainXmlToken.Text;
    }

    private PlainXmlToken ScanStartTag(ReadOnlySpan<byte> b)
    {
        var n = NameLength(b[1..]);
        if (n <= 0) return n == 0 ? NeedMore : PlainXmlToken.Unsupported;
        var i = 1 + n;
        var count = 0;
        while (true)
        {
            var blanks = Blanks(b[i..]);
            i += blanks;
            if (i >= b.Length) return NeedMore;
            var c = b[i];
            if (c == '>' || c == '/')
            {
                if (c == '/')
                {
                    if (i + 1 >= b.Length) return NeedMore;
                    if (b[i + 1] != '>') return PlainXmlToken.Unsupported;
                    i++;
                }
                if (_depth >= _limits.MaxDepth || count > _limits.MaxAttributesPerElement) return PlainXmlToken.Unsupported;
                _nameStart = _pos + 1;
                _nameLength = n;
                AttributeCount = count;
                Depth = _depth;
                _next = _pos + i + 1;
                if (c == '/') return PlainXmlToken.EmptyTag;
                Push(b.Slice(1, n));
                return PlainXmlToken.StartTag;
            }
            // An attribute: whitespace before it, then name = "value" or 'value'.
            if (blanks == 0 || count == MaxAttributes) return PlainXmlToken.Unsupported;
            var an = NameLength(b[i..]);
            if (an <= 0) return an == 0 ? NeedMore : PlainXmlToken.Unsupported;
            var nameAt = i;
            i += an;
            i += Blanks(b[i..]);
            if (i >= b.Length) return NeedMore;
            if (b[i] != '=') return PlainXmlToken.Unsupported;
            i++;
            i += Blanks(b[i..]);
            if (i >= b.Length) return NeedMore;
            var quote = b[i];
            if (quote is not ((byte)'\'' or (byte)'"')) return PlainXmlToken.Unsupported;
            var valueAt = ++i;
            var plain = true;
            while (true)
            {
                while (i < b.Length && (Class(b[i]) & ValueChar) != 0) i++;
                if (i >= b.Length) return NeedMore;
                c = b[i];
                if (c == quote) break;
                if (c is (byte)'\'' or (byte)'"' or (byte)'\t' or (byte)'\n' or (byte)'\r')
                {
                    plain &= c is (byte)'\'' or (byte)'"';
                    i++;
                }
                else if (c == '&')
                {
                    var r = ReferenceLength(b[i..]);
                    if (r <= 0) return r == 0 ? NeedMore : PlainXmlToken.Unsupported;
                    plain = false;
                    i += r;
                }
                else return PlainXmlToken.Unsupported;
            }
            var name = b.Slice(nameAt, an);
            if (i - valueAt > _limits.MaxAttributeLength || name.SequenceEqual("xmlns"u8)) return PlainXmlToken.Unsupported;
            for (var a = 0; a < count; a++)
            {
                if (_buf.AsSpan(_attrs[4 * a], _attrs[4 * a + 1]).SequenceEqual(name)) return PlainXmlToken.Unsupported;
            }
            _attrs[4 * count] = _pos + nameAt;
            _attrs[4 * count + 1] = an;
            _attrs[4 * count + 2] = _pos + valueAt;
            _attrs[4 * count + 3] = i - valueAt;
            _attrPlain[count] = plain;
            count++;
            i++;
        }
    }

    private PlainXmlToken ScanEndTag(ReadOnlySpan<byte> b)
    {
        var n = NameLength(b[2..]);
        if (n <= 0) return n == 0 ? NeedMore : PlainXmlToken.Unsupported;
        var i = 2 + n;
        i += Blanks(b[i..]);
        if (i >= b.Length) return NeedMore;
        if (b[i] != '>' || _depth == 0) return PlainXmlToken.Unsupported;
        var open = _stackNames.AsSpan(_stackEnds[_depth - 1], _stackEnds[_depth] - _stackEnds[_depth - 1]);
        if (!open.SequenceEqual(b.Slice(2, n))) return PlainXmlToken.Unsupported;
        _depth--;
        _nameStart = _pos + 2;
        _nameLength = n;
        AttributeCount = 0;
        Depth = _depth;
        _next = _pos + i + 1;
        return PlainXmlToken.EndTag;
    }

    private PlainXmlToken ScanBang(ReadOnlySpan<byte> b)
    {
        if (b.Length < 4) return NeedMore;
        if (b.StartsWith("<!--"u8))
        {
            var close = b[4..].IndexOf("--"u8);
            if (close < 0) return NeedMore;
            var end = 4 + close;
            if (end + 2 >= b.Length) return NeedMore;
            if (b[end + 2] != '>') return PlainXmlToken.Unsupported;
            return Markup(b, 4, close, end + 3, PlainXmlToken.Comment);
        }
        if (b.Length < 9) return NeedMore;
        if (b.StartsWith("<![CDATA["u8) && _depth > 0)
        {
            var close = b[9..].IndexOf("]]>"u8);
            if (close < 0) return NeedMore;
            return Markup(b, 9, close, 9 + close + 3, PlainXmlToken.CData);
        }
        return PlainXmlToken.Unsupported;
    }

    /// <summary>A comment or CDATA section of <paramref name="length"/> bytes whose content is
    /// <paramref name="b"/>[<paramref name="start"/>..][..<paramref name="count"/>].</summary>
    private PlainXmlToken Markup(ReadOnlySpan<byte> b, int start, int count, int length, PlainXmlToken token)
    {
        foreach (var c in b.Slice(start, count))
        {
            if ((Class(c) & Allowed) == 0) return PlainXmlToken.Unsupported;
        }
        if (count > _limits.MaxTextLength) return PlainXmlToken.Unsupported;
        SetText(_pos + start, count, true);
        Depth = _depth;
        _next = _pos + length;
        return token;
    }

    /// <summary>The XML declaration, only at the very start and only as <c>version='1.0'</c>, optionally with a
    /// UTF-8 encoding and a standalone declaration.</summary>
    private PlainXmlToken ScanDeclaration(ReadOnlySpan<byte> b)
    {
        if (TokenOffset != 0) return PlainXmlToken.Unsupported;
        var close = b.IndexOf("?>"u8);
        if (close < 0) return b.Length > 256 ? PlainXmlToken.Unsupported : NeedMore;
        var d = b[..close];
        if (!d.StartsWith("<?xml"u8)) return PlainXmlToken.Unsupported;
        var i = 5;
        if (!PseudoAttribute(d, ref i, "version"u8, out var value) || !value.SequenceEqual("1.0"u8)) return PlainXmlToken.Unsupported;
        var at = i;
        if (PseudoAttribute(d, ref i, "encoding"u8, out value))
        {
            if (!System.Text.Ascii.EqualsIgnoreCase(value, "UTF-8"u8)) return PlainXmlToken.Unsupported;
        }
        else i = at;
        at = i;
        if (PseudoAttribute(d, ref i, "standalone"u8, out value))
        {
            if (!value.SequenceEqual("yes"u8) && !value.SequenceEqual("no"u8)) return PlainXmlToken.Unsupported;
        }
        else i = at;
        i += Blanks(d[i..]);
        if (i != d.Length) return PlainXmlToken.Unsupported;
        SetText(_pos, 0, false);
        Depth = 0;
        _next = _pos + close + 2;
        return PlainXmlToken.Declaration;
    }

    private static bool PseudoAttribute(ReadOnlySpan<byte> d, scoped ref int i, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        value = default;
        var blanks = Blanks(d[i..]);
        if (blanks == 0 || !d[(i + blanks)..].StartsWith(name)) return false;
        var j = i + blanks + name.Length;
        j += Blanks(d[j..]);
        if (j >= d.Length || d[j] != '=') return false;
        j++;
        j += Blanks(d[j..]);
        if (j >= d.Length || d[j] is not ((byte)'\'' or (byte)'"')) return false;
        var end = d[(j + 1)..].IndexOf(d[j]);
        if (end < 0) return false;
        value = d.Slice(j + 1, end);
        i = j + 1 + end + 1;
        return true;
    }

    private void SetText(int start, int length, bool references)
    {
        _textStart = start;
        _textLength = length;
        _textHasReference = references;
    }

    private void Push(ReadOnlySpan<byte> name)
    {
        var start = _stackEnds[_depth];
        if (start + name.Length > _stackNames.Length)
        {
            var bigger = new byte[Math.Max(_stackNames.Length * 2, start + name.Length)];
            _stackNames.AsSpan(0, start).CopyTo(bigger);
            _stackNames = bigger;
        }
        name.CopyTo(_stackNames.AsSpan(start));
        _depth++;
        _stackEnds[_depth] = start + name.Length;
    }

    /// <summary>The length of the name at the start: ASCII letters, digits, '_', '-' and '.', not starting with a digit,
    /// '-' or '.'. 0 when the window ends inside it, -1 when there is none or it leaves the subset (a ':' or a non-ASCII
    /// character).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NameLength(ReadOnlySpan<byte> b)
    {
        if (b.IsEmpty) return 0;
        if ((Class(b[0]) & NameStart) == 0) return -1;
        var i = 1;
        while (i < b.Length && (Class(b[i]) & NameChar) != 0) i++;
        if (i == b.Length) return _eof ? -1 : 0;
        if (b[i] == ':' || b[i] >= 0x80 || i > MaxNameLength) return -1;
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Blanks(ReadOnlySpan<byte> b)
    {
        var i = 0;
        while (i < b.Length && (Class(b[i]) & Blank) != 0) i++;
        return i;
    }

    /// <summary>The length of the reference at the start (one of the five predefined entities, or a character
    /// reference to a character XML allows); 0 when the window ends inside it, -1 when it is not one.</summary>
    private int ReferenceLength(ReadOnlySpan<byte> b)
    {
        var semi = b[..Math.Min(b.Length, 12)].IndexOf((byte)';');
        if (semi < 0) return b.Length < 12 && !_eof ? 0 : -1;
        var body = b[1..semi];
        if (body.SequenceEqual("lt"u8) || body.SequenceEqual("gt"u8) || body.SequenceEqual("amp"u8) ||
            body.SequenceEqual("apos"u8) || body.SequenceEqual("quot"u8)) return semi + 1;
        if (body.Length < 2 || body[0] != '#') return -1;
        var hex = body[1] == 'x';
        var digits = body[(hex ? 2 : 1)..];
        if (digits.IsEmpty) return -1;
        var v = 0;
        foreach (var c in digits)
        {
            int d = c is >= (byte)'0' and <= (byte)'9' ? c - '0'
                : hex && (c | 0x20) is >= 'a' and <= 'f' ? (c | 0x20) - 'a' + 10
                : -1;
            if (d < 0) return -1;
            v = v * (hex ? 16 : 10) + d;
            if (v > 0x10FFFF) return -1;
        }
        var allowed = v is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or >= 0x10000;
        return allowed ? semi + 1 : -1;
    }

    /// <summary>Line and column of an absolute offset at or after the last one asked for (and still in the window).</summary>
    private SourcePosition PositionOf(long offset)
    {
        CountLinesTo(offset);
        return _lines.PositionOf(offset);
    }

    private void CountLinesTo(long offset)
    {
        if (offset > _lines.Counted) _lines.Count(_buf.AsSpan((int)(_lines.Counted - _bufStart), (int)(offset - _lines.Counted)));
    }

    /// <summary>The classes of a byte (the table has one entry for each of the 256 values, so no bounds check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Class(byte c) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Classes), c);

    private static byte[] BuildClasses()
    {
        var classes = new byte[256];
        for (var c = 0; c < 256; c++)
        {
            var letter = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';
            var allowed = c is '\t' or '\n' or '\r' or >= 0x20 and < 0x80;
            var blank = c is ' ' or '\t' or '\n' or '\r';
            classes[c] = (byte)(
                (letter || c == '_' ? NameStart : 0) |
                (letter || c is '_' or '-' or '.' or >= '0' and <= '9' ? NameChar : 0) |
                (blank ? Blank : 0) |
                (c is >= 0x20 and < 0x80 and not ('<' or '&' or '\'' or '"') ? ValueChar : 0) |
                (allowed && c is not ('<' or '&' or ']') ? TextChar : 0) |
                (allowed ? Allowed : 0));
        }
        return classes;
    }
}

using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>Strict decoding of XML bytes: byte order marks, the encoding declaration, invalid sequences refused.</summary>
internal static partial class TextDecoding
{
    [GeneratedRegex("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([^\"'>]*)[\"']", RegexOptions.CultureInvariant)]
    private static partial Regex EncodingDeclaration();

    public static (string Text, Encoding Encoding, bool Bom) Decode(byte[] bytes, string file)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            var enc = new UTF8Encoding(true, true);
            return (WithBom(enc, bytes, 3, file, "UTF-8"), enc, true);
        }
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            var enc = new UnicodeEncoding(false, true, true);
            return (WithBom(enc, bytes, 2, file, "UTF-16"), enc, true);
        }
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            var enc = new UnicodeEncoding(true, true, true);
            return (WithBom(enc, bytes, 2, file, "UTF-16"), enc, true);
        }

        // No BOM: the declaration decides; it is ASCII-compatible by construction.
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 200));
        var m = EncodingDeclaration().Match(head);
        var declared = m.Success ? m.Groups[1].Value.ToUpperInvariant() : "UTF-8";
        if (declared is "US-ASCII" or "ASCII" && Array.FindIndex(bytes, b => b >= 0x80) is var nonAscii and >= 0)
        {
            throw DomainCpuException.At(file, PositionOf(bytes, nonAscii), Diagnoses.NotAscii(m.Groups[1].Value, nonAscii));
        }
        Encoding encoding = declared switch
        {
            "UTF-8" or "UTF8" or "US-ASCII" or "ASCII" => new UTF8Encoding(false, true),
            "" => throw Declaration(file, head, m, "the encoding declaration is empty"),
            "ISO-8859-1" or "LATIN1" or "ISO8859-1" => Encoding.Latin1,
            _ => throw Declaration(file, head, m,
                declared.StartsWith("UTF-16", StringComparison.Ordinal)
                    ? $"the document declares encoding '{m.Groups[1].Value}' but has no byte order mark; it is not UTF-16"
                    : $"unsupported encoding '{m.Groups[1].Value}' (use UTF-8)"),
        };
        return (Strict(encoding, bytes, 0, file), encoding, false);
    }

    /// <summary>Decodes after a byte order mark, which decides the encoding; a declaration naming another one is
    /// refused (XML 1.0 §4.3.3). A UTF-8 declaration under a UTF-16 mark is accepted, as libxml2 (and so libvirt)
    /// accepts it: tools that transcode a document often leave its declaration as it was.</summary>
    private static string WithBom(Encoding enc, byte[] bytes, int start, string file, string family)
    {
        var text = Strict(enc, bytes, start, file);
        var m = EncodingDeclaration().Match(text.Length > 200 ? text[..200] : text);
        if (!m.Success) return text;
        var declared = m.Groups[1].Value.ToUpperInvariant();
        var fits = family == "UTF-8"
            ? declared is "UTF-8" or "UTF8"
            : declared is "UTF-16" or "UTF-16LE" or "UTF-16BE" or "UTF16" or "UTF-8" or "UTF8";
        if (!fits)
        {
            throw Declaration(file, text, m,
                $"the document declares encoding '{m.Groups[1].Value}' but starts with a {family} byte order mark");
        }
        return text;
    }

    /// <summary>A refused encoding declaration, pointing at the declared name.</summary>
    private static DomainCpuException Declaration(string file, string text, Match m, string message)
    {
        var at = m.Groups[1].Index;
        var line = 1 + text.AsSpan(0, at).Count('\n');
        var col = at - (text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1) + 1;
        return DomainCpuException.At(file, new SourcePosition(line, col), Diagnoses.EncodingDeclaration(message));
    }

    private static string Strict(Encoding enc, byte[] bytes, int start, string file)
    {
        try
        {
            return enc.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            var (offset, pos) = FirstInvalid(enc, bytes, start);
            throw DomainCpuException.At(file, pos, Diagnoses.InvalidByteSequence(enc.WebName.ToUpperInvariant(), offset));
        }
    }

    /// <summary>The byte offset and line/column of the first sequence <paramref name="enc"/> cannot decode,
    /// found in one pass (a decoder exception's index is not reliable across buffer boundaries).</summary>
    private static (int Offset, SourcePosition Position) FirstInvalid(Encoding enc, byte[] bytes, int start)
    {
        var line = 1;
        var col = 1;
        var i = start;
        var utf16 = enc is UnicodeEncoding;
        var bigEndian = utf16 && enc.GetPreamble() is [0xFE, ..];
        Span<char> pair = stackalloc char[2];
        while (i < bytes.Length)
        {
            OperationStatus status;
            Rune rune;
            int consumed;
            if (utf16)
            {
                var n = 0;
                for (var k = 0; k < 2 && i + 2 * k + 1 < bytes.Length; k++, n++)
                {
                    var hi = bytes[i + 2 * k + (bigEndian ? 0 : 1)];
                    var lo = bytes[i + 2 * k + (bigEndian ? 1 : 0)];
                    pair[k] = (char)(hi << 8 | lo);
                }
                status = Rune.DecodeFromUtf16(pair[..n], out rune, out var chars);
                consumed = chars * 2;
            }
            else
            {
                status = Rune.DecodeFromUtf8(bytes.AsSpan(i), out rune, out consumed);
            }
            if (status != OperationStatus.Done) return (i, new SourcePosition(line, col));
            if (rune.Value == '\n') { line++; col = 1; }
            else col += rune.Utf16SequenceLength;
            i += consumed;
        }
        return (bytes.Length, new SourcePosition(line, col));
    }

    /// <summary>Line and column of a byte in an ASCII-compatible document, counting only the bytes before it.</summary>
    private static SourcePosition PositionOf(byte[] bytes, int offset)
    {
        var line = 1;
        var col = 1;
        for (var i = 0; i < offset; i++)
        {
            if (bytes[i] == (byte)'\n') { line++; col = 1; }
            else if ((bytes[i] & 0xC0) != 0x80) col++;
        }
        return new SourcePosition(line, col);
    }
}

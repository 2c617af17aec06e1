using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

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
            return (Strict(enc, bytes, 3, file), enc, true);
        }
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            var enc = new UnicodeEncoding(false, true, true);
            return (Strict(enc, bytes, 2, file), enc, true);
        }
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            var enc = new UnicodeEncoding(true, true, true);
            return (Strict(enc, bytes, 2, file), enc, true);
        }

        // No BOM: the declaration decides; it is ASCII-compatible by construction.
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 200));
        var m = EncodingDeclaration().Match(head);
        var declared = m.Success ? m.Groups[1].Value.ToUpperInvariant() : "UTF-8";
        if (declared is "US-ASCII" or "ASCII" && Array.FindIndex(bytes, b => b >= 0x80) is var nonAscii and >= 0)
        {
            throw DomainCpuException.At(file, PositionOf(bytes, nonAscii), "xml", "DC0008",
                $"the document declares encoding '{m.Groups[1].Value}' but byte offset {nonAscii} is not ASCII");
        }
        Encoding encoding = declared switch
        {
            "UTF-8" or "UTF8" or "US-ASCII" or "ASCII" => new UTF8Encoding(false, true),
            "" => throw DomainCpuException.At(file, new SourcePosition(1, 1), "xml", "DC0008", "the encoding declaration is empty"),
            "ISO-8859-1" or "LATIN1" or "ISO8859-1" => Encoding.Latin1,
            _ => throw DomainCpuException.At(file, new SourcePosition(1, 1), "xml", "DC0008",
                m.Success && declared.StartsWith("UTF-16", StringComparison.Ordinal)
                    ? $"the document declares encoding '{m.Groups[1].Value}' but has no byte order mark; it is not UTF-16"
                    : $"unsupported encoding '{m.Groups[1].Value}' (use UTF-8)"),
        };
        return (Strict(encoding, bytes, 0, file), encoding, false);
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
            throw DomainCpuException.At(file, pos, "xml", "DC0008",
                $"invalid {enc.WebName.ToUpperInvariant()} byte sequence at byte offset {offset}");
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

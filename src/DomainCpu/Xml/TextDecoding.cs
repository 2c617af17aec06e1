using System.Text;
using System.Text.RegularExpressions;

namespace DomainCpu.Xml;

/// <summary>Strict decoding of XML bytes: byte order marks, the encoding declaration, invalid sequences refused.</summary>
internal static partial class TextDecoding
{
    [GeneratedRegex("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']", RegexOptions.CultureInvariant)]
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
        Encoding encoding = declared switch
        {
            "UTF-8" or "UTF8" or "US-ASCII" or "ASCII" => new UTF8Encoding(false, true),
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
        catch (DecoderFallbackException ex)
        {
            var offset = start + Math.Max(0, ex.Index);
            // Position of the bad byte: count lines in the valid prefix.
            var prefix = enc.GetString(bytes, start, FindValidPrefix(enc, bytes, start, offset));
            var line = 1;
            var col = 1;
            foreach (var c in prefix)
            {
                if (c == '\n') { line++; col = 1; }
                else col++;
            }
            throw DomainCpuException.At(file, new SourcePosition(line, col), "xml", "DC0008",
                $"invalid {enc.WebName.ToUpperInvariant()} byte sequence at byte offset {offset}");
        }
    }

    private static int FindValidPrefix(Encoding enc, byte[] bytes, int start, int offset)
    {
        var len = Math.Max(0, Math.Min(offset, bytes.Length) - start);
        while (len > 0)
        {
            try
            {
                enc.GetString(bytes, start, len);
                return len;
            }
            catch (DecoderFallbackException)
            {
                len--;
            }
        }
        return 0;
    }
}

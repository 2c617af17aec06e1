using System.Text;
using System.Xml;
using System.Xml.Linq;
using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>
/// The one safe way DomainCpu reads XML: no DTD, no entity expansion, no external resolution, no XInclude,
/// strict decoding, and bounded size, depth, attribute and text lengths. Every refusal names its position.
/// </summary>
internal static class XmlSafety
{
    /// <summary>Reader settings that refuse DTDs and resolve nothing external.</summary>
    public static XmlReaderSettings ReaderSettings(InputLimits limits) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = limits.MaxDocumentBytes,
        IgnoreWhitespace = false,
        IgnoreComments = false,
        IgnoreProcessingInstructions = false,
        CloseInput = false,
    };

    /// <summary>Decodes and parses a document from its bytes.</summary>
    /// <exception cref="DomainCpuException">The input is not accepted; the finding says where and why.</exception>
    public static LoadedXml Load(byte[] bytes, string file, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        var (text, encoding, bom) = Decode(bytes, file, limits);
        return Parse(text, file, encoding, bom, limits);
    }

    /// <summary>Decodes a document's bytes after checking their size.</summary>
    /// <exception cref="DomainCpuException">The input is too large or not decodable.</exception>
    internal static (string Text, Encoding Encoding, bool Bom) Decode(byte[] bytes, string file, InputLimits limits)
    {
        if (bytes.LongLength > limits.MaxDocumentBytes)
        {
            throw DomainCpuException.At(file, new SourcePosition(1, 1), Diagnoses.DocumentOverByteLimit(bytes.LongLength, limits.MaxDocumentBytes));
        }
        return TextDecoding.Decode(bytes, file);
    }

    /// <summary>Parses a document from text.</summary>
    /// <exception cref="DomainCpuException">The input is not accepted; the finding says where and why.</exception>
    public static LoadedXml Parse(string text, string file, InputLimits? limits = null) =>
        Parse(text, file, new UTF8Encoding(false), false, limits ?? InputLimits.Default);

    /// <summary>Decodes and parses text that may hold several top-level elements (an XML fragment: virsh takes a
    /// file of several <c>&lt;cpu&gt;</c> elements), with the refusals and limits of <see cref="Load"/>: the checking
    /// one streaming pass that checks the limits node by node and builds each top-level element with line
    /// information (no wrapper document, no copy of the text). An XML declaration may open the text.</summary>
    /// <exception cref="DomainCpuException">The input is not accepted; the finding says where and why.</exception>
    public static IReadOnlyList<XElement> LoadElements(byte[] bytes, string file, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        if (bytes.LongLength > limits.MaxDocumentBytes)
        {
            throw DomainCpuException.At(file, new SourcePosition(1, 1), Diagnoses.DocumentOverByteLimit(bytes.LongLength, limits.MaxDocumentBytes));
        }
        var text = TextDecoding.Decode(bytes, file).Text;
        if (text.StartsWith("<?xml", StringComparison.Ordinal) && text.IndexOf("?>", StringComparison.Ordinal) is var end and > 0)
        {
            // Blanked rather than cut, so lines and columns stay where they were.
            text = new string(' ', end + 2) + text[(end + 2)..];
        }
        try
        {
            using var reader = CreateReader(text, file, limits, ConformanceLevel.Fragment);
            var elements = new List<XElement>();
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }
                using (var subtree = reader.ReadSubtree())
                {
                    elements.Add(XElement.Load(subtree, LoadOptions.PreserveWhitespace | LoadOptions.SetLineInfo));
                }
                reader.Read();
            }
            return elements;
        }
        catch (XmlException ex)
        {
            throw FromXmlException(ex, file, text);
        }
    }

    private static LoadedXml Parse(string text, string file, Encoding encoding, bool bom, InputLimits limits)
    {
        try
        {
            // The limits are checked node by node as the tree is built: one pass, and no node past the first
            // refused one is built.
            using var reader = CreateReader(text, file, limits);
            var doc = XDocument.Load(reader, LoadOptions.PreserveWhitespace | LoadOptions.SetLineInfo);
            return new LoadedXml(doc, text, encoding, bom);
        }
        catch (XmlException ex)
        {
            throw FromXmlException(ex, file, text);
        }
    }

    /// <summary>The reader every parse goes through: the safe settings, and the limits checked on each node.
    /// Wrap its use in a catch of <see cref="XmlException"/> that throws <see cref="FromXmlException"/>.</summary>
    /// <exception cref="DomainCpuException">The text is longer than the limit.</exception>
    internal static XmlReader CreateReader(string text, string file, InputLimits limits, ConformanceLevel level = ConformanceLevel.Document)
    {
        if (text.Length > limits.MaxDocumentBytes)
        {
            throw DomainCpuException.At(file, new SourcePosition(1, 1), Diagnoses.DocumentOverCharacterLimit(limits.MaxDocumentBytes));
        }
        var settings = ReaderSettings(limits);
        settings.ConformanceLevel = level;
        return new LimitCheckingReader(XmlReader.Create(new StringReader(text), settings), file, limits);
    }

    /// <summary>The finding for a parser error.</summary>
    internal static DomainCpuException FromXmlException(XmlException ex, string file, string text)
    {
        // Some refusals (a prohibited DTD, an empty document) come without a position; find one.
        var pos = ex.LineNumber > 0 ? new SourcePosition(ex.LineNumber, Math.Max(1, ex.LinePosition)) : PositionOf(text, "<!DOCTYPE");
        var msg = ex.Message;
        // XmlException messages end with " Line N, position M."; the position is ours to print.
        var cut = msg.IndexOf(" Line ", StringComparison.Ordinal);
        if (cut > 0) msg = msg[..cut];
        msg = msg.TrimEnd('.', ' ');
        if (msg.Contains("DTD", StringComparison.Ordinal))
        {
            return DomainCpuException.At(file, pos, Diagnoses.Dtd());
        }
        if (msg.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
        {
            return DomainCpuException.At(file, pos, Diagnoses.DocumentOverSizeLimit());
        }
        if (msg.Contains("undeclared entity", StringComparison.OrdinalIgnoreCase) ||
            msg.Contains("Reference to undeclared", StringComparison.OrdinalIgnoreCase))
        {
            return DomainCpuException.At(file, pos, Diagnoses.UndeclaredEntity(msg));
        }
        return DomainCpuException.At(file, pos, Diagnoses.MalformedXml(msg));
    }

    /// <summary>The line and column of the first <paramref name="marker"/> in the text, or 1:1.</summary>
    private static SourcePosition PositionOf(string text, string marker)
    {
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return new SourcePosition(1, 1);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < at; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourcePosition(line, at - lineStart + 1);
    }
}

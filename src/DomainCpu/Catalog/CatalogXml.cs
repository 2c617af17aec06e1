using System.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Catalog;

/// <summary>How the library reads its generated data files (the QEMU catalog, the cpu_map model tables): forward-only,
/// DTDs refused, comments and whitespace skipped; XML that does not read, or a parser's refusal raised as an
/// <see cref="XmlException"/>, is a finding naming the file, line and column.</summary>
internal static class CatalogXml
{
    /// <summary>What <paramref name="parse"/> makes of the stream.</summary>
    /// <param name="stream">The XML.</param>
    /// <param name="file">The name used in findings.</param>
    /// <param name="parse">The format's parser.</param>
    /// <param name="invalid">The format's finding for a reason.</param>
    /// <exception cref="DomainCpuException">The file does not read or is not in the format.</exception>
    public static T Read<T>(Stream stream, string file, Func<XmlReader, T> parse, Func<string, Diagnostic> invalid)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
        };
        using var r = XmlReader.Create(stream, settings);
        try
        {
            return parse(r);
        }
        catch (XmlException ex)
        {
            throw DomainCpuException.At(file, new SourcePosition(ex.LineNumber, ex.LinePosition), invalid(ex.Message));
        }
    }
}

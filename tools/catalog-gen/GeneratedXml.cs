using System.Text;
using System.Xml;

namespace DomainCpu.CatalogGen;

/// <summary>How every file the generator writes is laid out, so that two runs give the same bytes: UTF-8 without a
/// byte-order mark, two-space indentation, LF line ends, a comment saying where the data came from, a final newline.</summary>
internal static class GeneratedXml
{
    /// <summary>The document: the declaration, <paramref name="comment"/>, then what <paramref name="writeRoot"/> writes.</summary>
    public static byte[] Write(string comment, Action<XmlWriter> writeRoot)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        using (var w = XmlWriter.Create(stream, settings))
        {
            w.WriteStartDocument();
            w.WriteComment($" {comment} ");
            writeRoot(w);
            w.WriteEndDocument();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }
}

using System.Text;
using System.Xml.Linq;

namespace DomainCpu.Xml;

/// <summary>A parsed document together with the exact text it came from and how that text was encoded.</summary>
/// <param name="Document">The tree, with line information, whitespace preserved.</param>
/// <param name="Text">The decoded source text (without byte order mark).</param>
/// <param name="Encoding">The encoding to write the text back with.</param>
/// <param name="HasBom">Whether the source began with a byte order mark.</param>
internal sealed record LoadedXml(XDocument Document, string Text, Encoding Encoding, bool HasBom);

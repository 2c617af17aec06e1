using System.Xml;
using System.Xml.Linq;

namespace DomainCpu.Diagnostics;

/// <summary>A 1-based line and column in a source document (0 when unknown).</summary>
/// <param name="Line">The line.</param>
/// <param name="Column">The column.</param>
public readonly record struct SourcePosition(int Line, int Column)
{
    /// <summary>The position of an element or attribute loaded with line information.</summary>
    public static SourcePosition Of(XObject? node) =>
        node is IXmlLineInfo info && info.HasLineInfo() ? new SourcePosition(info.LineNumber, info.LinePosition) : default;
}

using System.Xml.Linq;
using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>
/// Maps line/column positions of a parsed document back to offsets in its exact source text, and finds the
/// source span of an element, so edits can touch that element's bytes and nothing else.
/// </summary>
internal sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string text)
    {
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }
        _lineStarts = starts.ToArray();
        Newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
    }

    public string Text { get; }

    /// <summary>The document's line break: CRLF when it uses any, else LF.</summary>
    public string Newline { get; }

    public int OffsetOf(SourcePosition pos) => _lineStarts[pos.Line - 1] + pos.Column - 1;

    /// <summary>The span [start, end) of an element: from its '&lt;' to just past its closing '&gt;'.</summary>
    public (int Start, int End) SpanOf(XElement element)
    {
        var pos = SourcePosition.Of(element);
        // Line info of an element points at its name; the '<' is just before.
        var start = OffsetOf(pos) - 1;
        if (start < 0 || Text[start] != '<') throw new InvalidOperationException("element position does not match its source text");
        return (start, FindElementEnd(start));
    }

    /// <summary>The whitespace between the start of the element's line and the element, or null when other text precedes it.</summary>
    public string? IndentOf(int offset)
    {
        var lineStart = offset;
        while (lineStart > 0 && Text[lineStart - 1] != '\n' && Text[lineStart - 1] != '\r') lineStart--;
        var indent = Text[lineStart..offset];
        return indent.All(c => c is ' ' or '\t') ? indent : null;
    }

    /// <summary>Scans a well-formed element starting at '&lt;' and returns the offset just past its end.</summary>
    private int FindElementEnd(int start)
    {
        var depth = 0;
        var i = start;
        var t = Text;
        while (i < t.Length)
        {
            if (t[i] != '<')
            {
                i++;
                continue;
            }
            if (Starts(i, "<!--"))
            {
                i = t.IndexOf("-->", i + 4, StringComparison.Ordinal) + 3;
                continue;
            }
            if (Starts(i, "<![CDATA["))
            {
                i = t.IndexOf("]]>", i + 9, StringComparison.Ordinal) + 3;
                continue;
            }
            if (Starts(i, "<?"))
            {
                i = t.IndexOf("?>", i + 2, StringComparison.Ordinal) + 2;
                continue;
            }
            if (Starts(i, "</"))
            {
                i = t.IndexOf('>', i + 2) + 1;
                depth--;
                if (depth == 0) return i;
                continue;
            }
            // A start tag: skip quoted attribute values while looking for its end.
            var j = i + 1;
            var selfClosing = false;
            while (j < t.Length)
            {
                var c = t[j];
                if (c is '"' or '\'')
                {
                    j = t.IndexOf(c, j + 1) + 1;
                    continue;
                }
                if (c == '>')
                {
                    selfClosing = t[j - 1] == '/';
                    break;
                }
                j++;
            }
            i = j + 1;
            if (!selfClosing) depth++;
            else if (depth == 0) return i;
        }
        throw new InvalidOperationException("unterminated element in source text");
    }

    private bool Starts(int i, string s) => string.CompareOrdinal(Text, i, s, 0, s.Length) == 0;
}

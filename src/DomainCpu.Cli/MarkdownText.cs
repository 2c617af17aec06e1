using System.Text;

namespace DomainCpu.Cli;

/// <summary>Renders a documentation page (the Markdown the docs use) as plain text for a terminal: headings without
/// <c>#</c>, code blocks without their fences but indented, tables as aligned columns, and emphasis, code spans and
/// links reduced to their text.</summary>
internal static class MarkdownText
{
    private const string CodeIndent = "    ";

    public static string Render(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var output = new List<string>();
        // Plain lines are reduced a paragraph at a time: a code span or a link may go on over a line break.
        var paragraph = new List<string>();
        void Flush()
        {
            if (paragraph.Count > 0) output.AddRange(Inline(string.Join('\n', paragraph)).Split('\n'));
            paragraph.Clear();
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            var indent = line[..(line.Length - trimmed.Length)];
            if (trimmed.Length == 0 || trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith('|') || HeadingText(trimmed) is not null) Flush();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
                {
                    var code = lines[i].StartsWith(indent, StringComparison.Ordinal) ? lines[i][indent.Length..] : lines[i].TrimStart();
                    output.Add((indent + CodeIndent + code).TrimEnd());
                }
            }
            else if (trimmed.StartsWith('|'))
            {
                var rows = new List<string>();
                for (; i < lines.Length && lines[i].TrimStart().StartsWith('|'); i++) rows.Add(lines[i].Trim());
                i--;
                output.AddRange(Table(rows).Select(r => indent + r));
            }
            else if (HeadingText(trimmed) is { } heading) output.Add(Inline(heading));
            else if (trimmed.Length == 0) output.Add("");
            else paragraph.Add(line);
        }
        Flush();
        return string.Join('\n', output);
    }

    /// <summary>The text of an ATX heading (<c>## Text</c>), or null.</summary>
    private static string? HeadingText(string line)
    {
        var level = line.TakeWhile(c => c == '#').Count();
        if (level is 0 or > 6 || (line.Length > level && line[level] != ' ')) return null;
        return line[level..].Trim();
    }

    /// <summary>A table as plain columns: the cells reduced to their text, each column as wide as its widest cell, the
    /// delimiter row (<c>|---|</c>) left out.</summary>
    private static IEnumerable<string> Table(List<string> rows)
    {
        var cells = rows.Select(Cells).Where(r => !r.All(c => c.Length > 0 && c.Trim(':').Length > 0 && c.Trim(':').All(ch => ch == '-')))
            .Select(r => r.Select(Inline).ToList()).ToList();
        var columns = cells.Max(r => r.Count);
        var widths = Enumerable.Range(0, columns).Select(k => cells.Max(r => k < r.Count ? r[k].Length : 0)).ToList();
        return cells.Select(r => string.Join("  ", r.Select((c, k) => c.PadRight(widths[k]))).TrimEnd());
    }

    /// <summary>The cells of a table row: split at '|' outside code spans and not escaped.</summary>
    private static List<string> Cells(string row)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var inCode = false;
        for (var i = 1; i < row.Length; i++)
        {
            var c = row[i];
            if (c == '\\' && i + 1 < row.Length && row[i + 1] == '|')
            {
                cell.Append('|'); // GitHub's tables unescape \| even in code spans
                i++;
            }
            else if (c == '|' && !inCode)
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                if (c == '`') inCode = !inCode;
                cell.Append(c);
            }
        }
        if (cell.ToString().Trim().Length > 0) cells.Add(cell.ToString().Trim());
        return cells;
    }

    /// <summary>Inline Markdown reduced to its text: code spans to their content, <c>**strong**</c> to its text, links to
    /// their text, backslash escapes to the character.</summary>
    public static string Inline(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '`')
            {
                var run = 1;
                while (i + run < text.Length && text[i + run] == '`') run++;
                var fence = new string('`', run);
                var end = text.IndexOf(fence, i + run, StringComparison.Ordinal);
                if (end < 0)
                {
                    sb.Append(fence);
                    i += run - 1;
                    continue;
                }
                var code = text[(i + run)..end];
                sb.Append(run > 1 && code.StartsWith(' ') && code.EndsWith(' ') && code.Length > 1 ? code[1..^1] : code);
                i = end + run - 1;
            }
            else if (c == '*' && i + 1 < text.Length && text[i + 1] == '*') i++;
            else if (c == '\\' && i + 1 < text.Length && "\\`*_[]|#<>".Contains(text[i + 1])) sb.Append(text[++i]);
            else if (c == '[' && Link(text, i) is { } link)
            {
                sb.Append(Inline(link.Text));
                i = link.End;
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>A link <c>[text](target)</c> starting at <paramref name="start"/>: its text and the index of its last character.</summary>
    private static (string Text, int End)? Link(string text, int start)
    {
        var depth = 0;
        var inCode = false;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '`') inCode = !inCode;
            else if (inCode) continue;
            else if (text[i] == '[') depth++;
            else if (text[i] == ']' && --depth == 0)
            {
                if (i + 1 >= text.Length || text[i + 1] != '(') return null;
                var close = text.IndexOf(')', i + 2);
                return close < 0 ? null : (text[(start + 1)..i], close);
            }
        }
        return null;
    }
}

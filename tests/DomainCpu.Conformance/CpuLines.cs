using System.Xml.Linq;

namespace DomainCpu.Conformance;

/// <summary>The lines of a libvirt-formatted domain's <c>&lt;cpu&gt;</c> (the element starts its line and its end tag
/// sits alone on a later line at the same indentation), for comparing definitions part by part.</summary>
internal static class CpuLines
{
    /// <summary>The whole lines the domain's <c>&lt;cpu&gt;</c> occupies; null when it has none.</summary>
    public static (int First, int Last, string Text)? Of(string text)
    {
        var doc = XDocument.Parse(text, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace);
        var cpu = doc.Root?.Element("cpu");
        if (cpu is null) return null;
        var lines = text.Split('\n');
        var first = ((System.Xml.IXmlLineInfo)cpu).LineNumber - 1;
        var indent = lines[first][..lines[first].IndexOf('<', StringComparison.Ordinal)];
        var last = first;
        if (!lines[first].TrimEnd('\r').EndsWith("/>", StringComparison.Ordinal))
        {
            while (lines[last].TrimEnd('\r') != indent + "</cpu>") last++;
        }
        return (first, last, string.Join("\n", lines[first..(last + 1)]));
    }

    /// <summary>The document without the lines of its <c>&lt;cpu&gt;</c>.</summary>
    public static string Outside(string text)
    {
        if (Of(text) is not { } cpu) return text;
        var lines = text.Split('\n').ToList();
        lines.RemoveRange(cpu.First, cpu.Last - cpu.First + 1);
        return string.Join("\n", lines);
    }

    /// <summary>The lines on one line, for a failure message.</summary>
    public static string Show(string? text) => text is null ? "(none)" : text.Replace("\n", "\\n", StringComparison.Ordinal);
}

using System.Text.RegularExpressions;

namespace DomainCpu.Conformance.Support;

/// <summary>The <c>&lt;cpu&gt;</c> of a domain as libvirt formats it, for comparing one domain's CPU with another's.</summary>
internal static class FormattedCpu
{
    /// <summary>The lines of a libvirt-formatted domain's <c>&lt;cpu&gt;</c> (two spaces in, its end tag alone on a
    /// line at the same depth); null when it has none.</summary>
    public static string? Of(string domain)
    {
        var lines = domain.Split('\n');
        var first = Array.FindIndex(lines, l => Regex.IsMatch(l, @"^  <cpu[ >/]"));
        if (first < 0) return null;
        if (lines[first].TrimEnd().EndsWith("/>", StringComparison.Ordinal)) return lines[first];
        var last = Array.FindIndex(lines, first, l => l == "  </cpu>");
        return string.Join("\n", lines[first..(last + 1)]);
    }
}

using System.Text;

namespace DomainCpu.Xml;

/// <summary>Escaping as libvirt writes text and single-quoted attribute values.</summary>
internal static class XmlText
{
    /// <summary>Escapes &lt; &gt; &amp; ' and " (libvirt escapes the same five in text and attributes).</summary>
    public static string Escape(string s)
    {
        if (s.AsSpan().IndexOfAny("<>&'\"") < 0) return s;
        var sb = new StringBuilder(s.Length + 16);
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '\'' => "&apos;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}

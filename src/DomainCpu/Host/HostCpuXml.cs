using System.Globalization;
using System.Text;
using DomainCpu.Model;
using DomainCpu.Xml;

namespace DomainCpu.Host;

/// <summary>Writes a host CPU as the <c>&lt;cpu&gt;</c> of libvirt's host capabilities: the CPU in canonical
/// form (arch, model, vendor, microcode, signature, counter, topology, maxphysaddr, features), then one
/// <c>&lt;pages unit='KiB' size='N'/&gt;</c> per page size.</summary>
internal static class HostCpuXml
{
    /// <summary>Formats the host CPU (no trailing line break).</summary>
    /// <param name="host">The host CPU.</param>
    /// <param name="baseIndent">The indentation of the line the element starts on.</param>
    /// <param name="newline">The line break.</param>
    /// <param name="grammar">The CPU XML of the libvirt release to write as; null for the newest.</param>
    public static string Write(HostCpu host, string baseIndent = "", string newline = "\n", CpuXmlGrammar? grammar = null)
    {
        var text = CpuXmlWriter.Write(host.Cpu, baseIndent, newline, grammar: grammar) ?? "<cpu/>";
        if (host.Pages.IsEmpty) return text;
        var sb = new StringBuilder();
        if (text.EndsWith("/>", StringComparison.Ordinal))
        {
            sb.Append(text.AsSpan(0, text.Length - 2)).Append('>').Append(newline).Append(baseIndent);
        }
        else
        {
            sb.Append(text.AsSpan(0, text.LastIndexOf("</cpu>", StringComparison.Ordinal)));
        }
        foreach (var p in host.Pages)
        {
            sb.Append("  ").Append(CultureInfo.InvariantCulture, $"<pages unit='{XmlText.Escape(p.Unit)}' size='{p.Size}'/>")
              .Append(newline).Append(baseIndent);
        }
        return sb.Append("</cpu>").ToString();
    }
}

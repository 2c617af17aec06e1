using System.Text;
using DomainCpu.Model;

namespace DomainCpu.Xml;

/// <summary>
/// Writes <c>&lt;qemu:cpu&gt;</c> in the canonical form (prefix <c>qemu</c>, single-quoted escaped attributes,
/// the model first, options in their order) and puts it into a domain document, the rest untouched.
/// </summary>
internal static class QemuCpuXmlWriter
{
    /// <summary>The element text; null when there is nothing to write (no model, no options).</summary>
    /// <param name="cpu">The element's content.</param>
    /// <param name="indent">The indentation of the element's own line.</param>
    /// <param name="newline">The line break.</param>
    /// <param name="unit">One indentation step.</param>
    /// <param name="declareNamespace">Whether to declare the qemu prefix on the element itself.</param>
    public static string? Write(QemuCpu cpu, string indent = "", string newline = "\n", string unit = "  ", bool declareNamespace = false)
    {
        if (cpu.Model is null && cpu.Options.IsEmpty) return null;
        var sb = new StringBuilder("<qemu:cpu");
        if (declareNamespace) sb.Append(" xmlns:qemu='").Append(DomainDocument.QemuNamespace).Append('\'');
        sb.Append('>');
        if (cpu.Model is not null)
        {
            sb.Append(newline).Append(indent).Append(unit).Append("<qemu:model name='").Append(XmlText.Escape(cpu.Model)).Append("'/>");
        }
        foreach (var o in cpu.Options)
        {
            sb.Append(newline).Append(indent).Append(unit).Append("<qemu:option name='").Append(XmlText.Escape(o.Name)).Append('\'');
            if (o.Value is not null) sb.Append(" value='").Append(XmlText.Escape(o.Value)).Append('\'');
            sb.Append("/>");
        }
        sb.Append(newline).Append(indent).Append("</qemu:cpu>");
        return sb.ToString();
    }

    /// <summary>A new document whose <c>&lt;qemu:cpu&gt;</c> is <paramref name="cpu"/> (null or empty removes it):
    /// an existing element is replaced in place, a new one goes after the domain's other children.</summary>
    public static DomainDocument Apply(DomainDocument doc, QemuCpu? cpu)
    {
        var existing = QemuCpuXmlReader.Find(doc);
        var declared = doc.Root.GetPrefixOfNamespace(DomainDocument.QemuNamespace) == "qemu";
        if (existing is not null)
        {
            var indent = doc.IndentOf(existing);
            var text = cpu is null ? null : Write(cpu, indent, doc.Newline, "  ", !declared);
            return doc.ReplaceElement(existing, text);
        }
        if (cpu is null) return doc;
        return doc.InsertDomainChild(indent => Write(cpu, indent, doc.Newline, "  ", !declared), NoFollowers);
    }

    private static readonly IReadOnlyCollection<string> NoFollowers = Array.Empty<string>();
}

using System.Text;
using System.Xml.Linq;
using DomainCpu.Model;
using DomainCpu.Xml;

namespace DomainCpu.Start;

/// <summary>
/// The configured <c>&lt;cpu&gt;</c> kept inside a live domain, so that stopping restores it byte for byte:
/// <c>&lt;metadata&gt;&lt;domaincpu:inactive xmlns:domaincpu='…'&gt;</c> holding the original element's exact
/// source text. When the domain had no <c>&lt;metadata&gt;</c> the record says so (<c>created='yes'</c>); when it
/// had one without children, the record carries its exact text (<c>metadata='…'</c>).
/// </summary>
internal static class InactiveRecord
{
    /// <summary>The XML namespace of the record.</summary>
    public const string Namespace = "https://domaincpu.dev/xmlns/inactive/1";

    /// <summary>The prefix the record is written with.</summary>
    public const string Prefix = "domaincpu";

    private static readonly XName RecordName = XName.Get("inactive", Namespace);

    /// <summary>The record element of a live domain; null when there is none.</summary>
    public static XElement? Find(DomainDocument doc) =>
        doc.Kind == DocumentKind.Domain ? doc.Root.Element("metadata")?.Element(RecordName) : null;

    /// <summary>A new document with the record of <paramref name="originalCpuText"/> added to its metadata.</summary>
    /// <param name="doc">The live document.</param>
    /// <param name="originalCpuText">The configured CPU element's exact text.</param>
    /// <param name="startedCpuXml">The CPU the guest was started with when QEMU's report changed it afterwards
    /// (kept for migration); null when there is none.</param>
    public static DomainDocument Keep(DomainDocument doc, string originalCpuText, string? startedCpuXml = null)
    {
        var nl = doc.Newline;
        var started = startedCpuXml is null ? "" : $" started='{EscapeAttribute(startedCpuXml)}'";
        var metadata = doc.Root.Element("metadata");
        if (metadata is null)
        {
            return doc.InsertDomainChild(indent =>
                $"<metadata>{nl}{indent}  {Render(originalCpuText, " created='yes'" + started)}{nl}{indent}</metadata>", MetadataFollowers);
        }
        var indent = doc.IndentOf(metadata);
        if (metadata.Elements().LastOrDefault() is { } last)
        {
            return doc.ReplaceElement(last, doc.TextOf(last) + nl + doc.IndentOf(last) + Render(originalCpuText, started));
        }
        var attr = $" metadata='{EscapeAttribute(doc.TextOf(metadata))}'";
        return doc.ReplaceElement(metadata, $"<metadata>{nl}{indent}  {Render(originalCpuText, attr + started)}{nl}{indent}</metadata>");
    }

    /// <summary>The CPU the guest was started with before QEMU's report changed it, when the record keeps one.</summary>
    /// <param name="doc">The live domain.</param>
    /// <param name="grammar">The CPU XML of the libvirt release the record was written in; null for the newest.</param>
    public static CpuDefinition? StartedCpu(DomainDocument doc, CpuXmlGrammar? grammar = null)
    {
        if (Find(doc)?.Attribute("started")?.Value is not { } xml) return null;
        return DomainDocument.Parse(xml, doc.File).ReadCpu(grammar: grammar);
    }

    /// <summary>The configured CPU's exact text kept in the record.</summary>
    public static string OriginalCpuText(DomainDocument doc, XElement record)
    {
        var text = doc.TextOf(record);
        var open = text.IndexOf('>', StringComparison.Ordinal) + 1;
        var close = text.LastIndexOf("</", StringComparison.Ordinal);
        return close < open ? "" : text[open..close];
    }

    /// <summary>A new document without the record, its metadata exactly as it was before <see cref="Keep"/>.</summary>
    public static DomainDocument Remove(DomainDocument doc)
    {
        var record = Find(doc);
        if (record is null) return doc;
        var metadata = record.Parent!;
        if ((string?)record.Attribute("created") == "yes") return doc.ReplaceElement(metadata, null);
        if ((string?)record.Attribute("metadata") is { } original) return doc.ReplaceElement(metadata, original);
        var metaText = doc.TextOf(metadata);
        var recordText = doc.TextOf(record);
        var at = metaText.LastIndexOf(recordText, StringComparison.Ordinal);
        var from = at;
        while (from > 0 && metaText[from - 1] is ' ' or '\t' or '\r' or '\n') from--;
        return doc.ReplaceElement(metadata, string.Concat(metaText.AsSpan(0, from), metaText.AsSpan(at + recordText.Length)));
    }

    private static string Render(string cpuText, string extraAttributes) =>
        $"<{Prefix}:inactive xmlns:{Prefix}='{Namespace}'{extraAttributes}>{cpuText}</{Prefix}:inactive>";

    private static string EscapeAttribute(string s)
    {
        var b = new StringBuilder(s.Length + 16);
        foreach (var c in s)
        {
            b.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\'' => "&apos;",
                '\n' => "&#10;",
                '\r' => "&#13;",
                '\t' => "&#9;",
                _ => c.ToString(),
            });
        }
        return b.ToString();
    }

    /// <summary>The domain children that come after <c>&lt;metadata&gt;</c> in libvirt's order.</summary>
    private static readonly IReadOnlyCollection<string> MetadataFollowers = new HashSet<string>(StringComparer.Ordinal)
    {
        "maxMemory", "memory", "currentMemory", "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus", "iothreads",
        "iothreadids", "cputune", "numatune", "resource", "sysinfo", "bootloader", "bootloader_args", "os", "idmap",
        "features", "cpu", "clock", "on_poweroff", "on_reboot", "on_crash", "on_lockfailure", "pm", "perf", "devices",
        "seclabel", "keywrap", "launchSecurity",
    };
}

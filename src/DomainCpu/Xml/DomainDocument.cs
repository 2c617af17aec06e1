using System.Collections.Immutable;
using System.Xml.Linq;
using DomainCpu.Model;
using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>
/// A domain, capabilities, domain capabilities or standalone CPU document with full fidelity: the exact source
/// text is kept, and an edit replaces the bytes of one element while every byte outside it stays as it was.
/// Immutable: edits return a new document.
/// </summary>
public sealed class DomainDocument
{
    /// <summary>The namespace of libvirt's QEMU driver extensions (<c>&lt;qemu:…&gt;</c>).</summary>
    public const string QemuNamespace = "http://libvirt.org/schemas/domain/qemu/1.0";

    private readonly LoadedXml _xml;
    private readonly InputLimits _limits;
    private SourceText? _source;

    private DomainDocument(LoadedXml xml, string file, InputLimits limits)
    {
        _xml = xml;
        File = file;
        _limits = limits;
        Kind = Root.Name.LocalName switch
        {
            "domain" => DocumentKind.Domain,
            "capabilities" => DocumentKind.Capabilities,
            "domainCapabilities" => DocumentKind.DomainCapabilities,
            "cpu" => DocumentKind.Cpu,
            "cpuTest" => DocumentKind.CpuTest,
            _ => DocumentKind.Other,
        };
    }

    /// <summary>The file name used in findings (<c>-</c> for standard input).</summary>
    public string File { get; }

    /// <summary>What the root element says the document is.</summary>
    public DocumentKind Kind { get; }

    /// <summary>The root element (with line information).</summary>
    public XElement Root => _xml.Document.Root!;

    /// <summary>The parsed tree. Treat it as read-only: edits go through this class.</summary>
    public XDocument Document => _xml.Document;

    /// <summary>The exact source text.</summary>
    public string Text => _xml.Text;

    private SourceText Source => _source ??= new SourceText(_xml.Text);

    /// <summary>Loads a document from bytes (BOM and encoding declaration honoured).</summary>
    /// <exception cref="DomainCpuException">The input is refused.</exception>
    public static DomainDocument Load(byte[] bytes, string file, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        return new DomainDocument(XmlSafety.Load(bytes, file, limits), file, limits);
    }

    /// <summary>Parses a document from a string.</summary>
    /// <exception cref="DomainCpuException">The input is refused.</exception>
    public static DomainDocument Parse(string text, string file = "-", InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        return new DomainDocument(XmlSafety.Parse(text, file, limits), file, limits);
    }

    /// <summary>Loads a document from a stream, reading at most the size limit.</summary>
    /// <param name="stream">The stream; read to its end, not closed.</param>
    /// <param name="file">The name used in findings (<c>-</c> when not given).</param>
    /// <param name="limits">Size and depth limits; null for <see cref="InputLimits.Default"/>.</param>
    /// <exception cref="DomainCpuException">The input is refused.</exception>
    public static DomainDocument Load(Stream stream, string file = "-", InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        return Load(InputReader.ReadAll(stream, file, limits), file, limits);
    }

    /// <summary>Loads a document from a file.</summary>
    /// <exception cref="DomainCpuException">The input is refused.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static DomainDocument LoadFile(string path, InputLimits? limits = null)
    {
        using var s = System.IO.File.OpenRead(path);
        return Load(s, path, limits);
    }

    /// <summary>The document as bytes, in its original encoding, with its byte order mark if it had one.</summary>
    public byte[] ToBytes()
    {
        var body = _xml.Encoding.GetBytes(_xml.Text);
        if (!_xml.HasBom) return body;
        var bom = _xml.Encoding.GetPreamble();
        var all = new byte[bom.Length + body.Length];
        bom.CopyTo(all, 0);
        body.CopyTo(all, bom.Length);
        return all;
    }

    /// <summary>The <c>&lt;cpu&gt;</c> element the document is about: the domain's, the host's in
    /// capabilities, or the root of a standalone CPU document; null when there is none.</summary>
    public XElement? CpuElement => Kind switch
    {
        DocumentKind.Domain => Root.Element("cpu"),
        DocumentKind.Capabilities => Root.Element("host")?.Element("cpu"),
        DocumentKind.Cpu => Root,
        _ => null,
    };

    /// <summary>The CPU type of <see cref="CpuElement"/>: guest in a domain, host in capabilities, decided by
    /// <c>&lt;arch&gt;</c> in a standalone document (null = automatic).</summary>
    public CpuType? CpuElementType => Kind switch
    {
        DocumentKind.Domain => CpuType.Guest,
        DocumentKind.Capabilities => CpuType.Host,
        _ => null,
    };

    /// <summary>Reads the document's CPU; null when it has none.</summary>
    /// <param name="warnings">Receives non-fatal findings; may be null.</param>
    /// <param name="grammar">The CPU XML of the libvirt release to read as; null reads as the newest release.</param>
    /// <exception cref="DomainCpuException">libvirt would refuse the CPU.</exception>
    public CpuDefinition? ReadCpu(ICollection<Diagnostic>? warnings = null, CpuXmlGrammar? grammar = null) =>
        CpuElement is { } e
            ? CpuXmlReader.Read(e, CpuElementType, File, _limits, warnings,
                readNuma: Kind == DocumentKind.Domain, hostModelRequired: Kind != DocumentKind.Capabilities, grammar)
            : null;

    /// <summary>The capability-level parts libvirt prints inside the host <c>&lt;cpu&gt;</c> of capabilities: the
    /// <c>&lt;features&gt;</c> flags and the <c>&lt;pages&gt;</c> sizes.</summary>
    private (ImmutableArray<string> Flags, ImmutableArray<HostPages> Pages) HostExtras(XElement cpu)
    {
        var v = new XmlValues(File);
        var flags = cpu.Element("features")?.Elements().Select(e => e.Name.LocalName).ToImmutableArray() ?? ImmutableArray<string>.Empty;
        var pages = cpu.Elements("pages")
            .Select(p => new HostPages(XmlValues.Attr(p, "unit") ?? "KiB", v.ULong(p, "size", DiagnosticCatalogue.HostCpuInvalid, required: true)!.Value))
            .ToImmutableArray();
        return (flags, pages);
    }

    /// <summary>The document, when it is of one of <paramref name="kinds"/>: an operation's check of what it was given.</summary>
    /// <param name="kinds">The kinds the operation takes.</param>
    /// <exception cref="DomainCpuException">It is of another kind (DC0710 where only a domain will do, DC1500 otherwise),
    /// at its root element, saying what was expected and what was found.</exception>
    public DomainDocument RequireKind(params DocumentKind[] kinds)
    {
        if (kinds.Contains(Kind)) return this;
        var found = Root.Name.LocalName;
        var finding = kinds is [DocumentKind.Domain]
            ? Diagnoses.NotADomain(found)
            : Diagnoses.DocumentKindUnexpected(DocumentKindNames.Describe(kinds), found);
        throw DomainCpuException.At(File, SourcePosition.Of(Root), finding);
    }

    /// <summary>The domain-level facts CPU processing needs (type, arch, machine, vCPU counts, emulator); for a document
    /// other than a domain (a standalone <c>&lt;cpu&gt;</c>), nothing known.</summary>
    public DomainInfo ReadDomainInfo()
    {
        if (Kind != DocumentKind.Domain) return new DomainInfo(null, null, null, null, null);
        var v = new XmlValues(File);
        var type = Root.Element("os")?.Element("type");
        var vcpu = Root.Element("vcpu");
        uint? max = null, current = null;
        if (vcpu is not null)
        {
            if (vcpu.Value.Trim().Length > 0) max = (uint)v.ParseULong(vcpu, vcpu.Value, DiagnosticCatalogue.VcpuCountInvalid, uint.MaxValue, "element 'vcpu'");
            current = v.UInt(vcpu, "current", DiagnosticCatalogue.VcpuCountInvalid);
        }
        return new DomainInfo(XmlValues.Attr(Root, "type"), type is null ? null : XmlValues.Attr(type, "arch"),
            type is null ? null : XmlValues.Attr(type, "machine"), max, current, Root.Element("devices")?.Element("emulator")?.Value.Trim());
    }

    /// <summary>A new document whose CPU element is <paramref name="cpu"/> in libvirt's canonical form; null
    /// (or a CPU libvirt would not write at all) removes the element. Nothing outside the element changes.</summary>
    /// <param name="cpu">The CPU to write.</param>
    /// <param name="grammar">The CPU XML of the libvirt release to write as; null writes as the newest release.</param>
    public DomainDocument WithCpu(CpuDefinition? cpu, CpuXmlGrammar? grammar = null)
    {
        var existing = CpuElement;
        if (existing is not null)
        {
            var (start, end) = Source.SpanOf(existing);
            var indent = Source.IndentOf(start) ?? "";
            var unit = IndentUnit(existing, indent);
            string? text;
            if (cpu is not null && Kind == DocumentKind.Capabilities)
            {
                var (flags, pages) = HostExtras(existing);
                text = CpuXmlWriter.WriteHost(new HostCpu(cpu, flags, pages), indent, Source.Newline, unit, grammar);
            }
            else
            {
                text = cpu is null ? null : CpuXmlWriter.Write(cpu, indent, Source.Newline, unit, grammar);
            }
            if (text is null && existing == Root) text = "<cpu/>";
            return text is null ? RemoveSpan(start, end) : Edit(start, end, text);
        }
        if (cpu is null || Kind != DocumentKind.Domain) return this;
        return InsertDomainChild(indent => CpuXmlWriter.Write(cpu, indent, Source.Newline, "  ", grammar), CpuFollowers);
    }

    /// <summary>Replaces the source bytes of one element (which must belong to this document) with new text.</summary>
    internal DomainDocument ReplaceElement(XElement element, string? replacement)
    {
        var (start, end) = Source.SpanOf(element);
        return replacement is null ? RemoveSpan(start, end) : Edit(start, end, replacement);
    }

    /// <summary>The exact source text of one element (which must belong to this document).</summary>
    internal string TextOf(XElement element)
    {
        var (start, end) = Source.SpanOf(element);
        return Text[start..end];
    }

    /// <summary>The indentation of the line an element starts on ("" when other text precedes it).</summary>
    internal string IndentOf(XElement element) => Source.IndentOf(Source.SpanOf(element).Start) ?? "";

    /// <summary>The document's line break (CRLF when it uses any, else LF).</summary>
    public string Newline => Source.Newline;

    /// <summary>Inserts a new child of the root before the first existing child named in
    /// <paramref name="followers"/> (or after the last child), indented like its siblings.</summary>
    /// <param name="render">Renders the element for a given indentation; null inserts nothing.</param>
    /// <param name="followers">Local names of children the new one must precede, in libvirt's order.</param>
    internal DomainDocument InsertDomainChild(Func<string, string?> render, IReadOnlyCollection<string> followers)
    {
        var anchor = Root.Elements().FirstOrDefault(e => followers.Contains(e.Name.LocalName) ||
                                                         e.Name.NamespaceName == QemuNamespace);
        if (anchor is not null)
        {
            var (start, _) = Source.SpanOf(anchor);
            var indent = Source.IndentOf(start) ?? "  ";
            var text = render(indent);
            return text is null ? this : Edit(start, start, text + Source.Newline + indent);
        }
        var last = Root.Elements().LastOrDefault();
        if (last is not null)
        {
            var (start, end) = Source.SpanOf(last);
            var indent = Source.IndentOf(start) ?? "  ";
            var text = render(indent);
            return text is null ? this : Edit(end, end, Source.Newline + indent + text);
        }
        var (rs, re) = Source.SpanOf(Root);
        var close = Text.LastIndexOf("</", re, re - rs, StringComparison.Ordinal);
        if (close < 0) return this;
        var t = render("  ");
        return t is null ? this : Edit(close, close, "  " + t + Source.Newline);
    }

    /// <summary>The children that come after <c>&lt;cpu&gt;</c> in libvirt's domain order.</summary>
    internal static readonly IReadOnlyCollection<string> CpuFollowers = new HashSet<string>(StringComparer.Ordinal)
    {
        "clock", "on_poweroff", "on_reboot", "on_crash", "on_lockfailure", "pm", "perf", "devices", "seclabel",
        "keywrap", "launchSecurity",
    };

    private string IndentUnit(XElement element, string indent)
    {
        if (element.Parent is null) return "  ";
        var parentIndent = Source.IndentOf(Source.SpanOf(element.Parent).Start);
        if (parentIndent is not null && indent.Length > parentIndent.Length && indent.StartsWith(parentIndent, StringComparison.Ordinal))
        {
            return indent[parentIndent.Length..];
        }
        return "  ";
    }

    private DomainDocument RemoveSpan(int start, int end)
    {
        var t = Text;
        var lineStart = start;
        while (lineStart > 0 && t[lineStart - 1] is ' ' or '\t') lineStart--;
        var atLineStart = lineStart == 0 || t[lineStart - 1] is '\n' or '\r';
        var after = end;
        while (after < t.Length && t[after] is ' ' or '\t') after++;
        if (atLineStart && after < t.Length && t[after] is '\r' or '\n')
        {
            if (t[after] == '\r' && after + 1 < t.Length && t[after + 1] == '\n') after++;
            return Edit(lineStart, after + 1, "");
        }
        return Edit(start, end, "");
    }

    private DomainDocument Edit(int start, int end, string replacement)
    {
        var text = string.Concat(Text.AsSpan(0, start), replacement, Text.AsSpan(end));
        var reparsed = XmlSafety.Parse(text, File, _limits);
        return new DomainDocument(reparsed with { Encoding = _xml.Encoding, HasBom = _xml.HasBom }, File, _limits);
    }
}

using System.Xml.Linq;
using System.Xml.Schema;
using DomainCpu.Catalog;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;
using DomainCpu.Targets;

namespace DomainCpu.Schema;

/// <summary>
/// Validates a document: the XSD of its kind (<see cref="SchemaSet"/>), then the rules the XSD cannot express
/// (<see cref="DiagnosticCatalogue"/> lists every rule). Reports every finding it can, in document order; never throws for bad input.
/// The XSDs describe the newest grammar; a libvirt profile decides what its release lacks and how its rules differ
/// (no profile: the newest release).
/// </summary>
internal static class Validator
{
    /// <summary>Validates a loaded document.</summary>
    /// <param name="doc">The document.</param>
    /// <param name="kind">The kind to validate as; null uses the kind its root element says.</param>
    /// <param name="libvirt">The libvirt release whose grammar and rules apply; null for the newest.</param>
    /// <param name="models">The target's CPU models: when given, a guest's feature or custom model they do not know is
    /// reported too (libvirt defines such a domain but every start refuses it); null checks no names.</param>
    /// <returns>The findings in document order; empty when the document is valid.</returns>
    public static IReadOnlyList<Diagnostic> Validate(DomainDocument doc, DocumentKind? kind = null, LibvirtProfile? libvirt = null,
        CpuCatalog? models = null) =>
        Validate(doc.Document, doc.File, kind ?? doc.Kind, libvirt ?? LibvirtProfile.Newest, models);

    /// <summary>Reads and validates a document. The same findings as loading it with
    /// <see cref="DomainDocument.Load(byte[], string, InputLimits?)"/> and validating that, faster for a domain: only
    /// the parts validation looks at are built.</summary>
    /// <param name="bytes">The document's bytes.</param>
    /// <param name="file">The file name used in findings.</param>
    /// <param name="kind">The kind to validate as; null uses the kind its root element says.</param>
    /// <param name="limits">The input limits; null for the defaults.</param>
    /// <param name="libvirt">The libvirt release whose grammar and rules apply; null for the newest.</param>
    /// <param name="models">The target's CPU models, as for <see cref="Validate(DomainDocument, DocumentKind?, LibvirtProfile?, CpuCatalog?)"/>.</param>
    /// <returns>The findings in document order; empty when the document is valid.</returns>
    /// <exception cref="DomainCpuException">The input is refused (not well-formed, over a limit, …).</exception>
    public static IReadOnlyList<Diagnostic> Validate(byte[] bytes, string file, DocumentKind? kind = null, InputLimits? limits = null,
        LibvirtProfile? libvirt = null, CpuCatalog? models = null)
    {
        limits ??= InputLimits.Default;
        libvirt ??= LibvirtProfile.Newest;
        if (kind is null or DocumentKind.Domain &&
            LaxRootValidation.For(SchemaSet.For(DocumentKind.Domain)!).PrunableBelow("domain") is { } declared)
        {
            var (text, _, _) = XmlSafety.Decode(bytes, file, limits);
            if (DeclaredPartsReader.Read(text, file, limits, declared, DomainChildren.For(libvirt)) is { } pruned)
            {
                return Validate(pruned, file, DocumentKind.Domain, libvirt, models);
            }
        }
        return Validate(DomainDocument.Load(bytes, file, limits), kind, libvirt, models);
    }

    private static IReadOnlyList<Diagnostic> Validate(XDocument document, string file, DocumentKind k, LibvirtProfile libvirt, CpuCatalog? models)
    {
        var root = document.Root!;
        var f = new Findings(file);
        var set = SchemaSet.For(k);
        if (set is null)
        {
            f.Add(root, Diagnoses.NoSchemaForRoot(root.Name.LocalName));
            return f.Items;
        }
        var schemaFindings = XsdCheck(document, file, set);
        DocumentShapeRules.Check(root, k, f);
        ReleaseGrammarRules.Check(root, k, libvirt, f);
        SemanticRules.Check(root, k, libvirt, f);
        if (models is not null) CpuMapRules.Check(root, k, models, f);
        // A specific schema rule at the same attribute (or about the same missing attribute) says what the XSD
        // says, in plainer words.
        var specific = f.Items.Where(d => d.Category == DiagnosticCategory.Schema).Select(d => (d.Line, d.Column)).ToHashSet();
        var all = schemaFindings.Where(x => !(x.AboutAttribute && specific.Contains((x.Finding.Line, x.Finding.Column))))
            .Select(x => x.Finding).Concat(f.Items);
        return all.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
    }

    /// <summary>The first <c>semantic</c> error of a domain: what libvirt refuses to define although its schema accepts
    /// it. Cheap (no XSD); the start paths refuse such a domain as libvirt does. Null when there is none.</summary>
    /// <param name="doc">The domain.</param>
    /// <param name="libvirt">The libvirt release whose rules apply; null for the newest.</param>
    public static Diagnostic? FirstSemanticError(DomainDocument doc, LibvirtProfile? libvirt = null)
    {
        var f = new Findings(doc.File);
        SemanticRules.Check(doc.Root, doc.Kind, libvirt ?? LibvirtProfile.Newest, f);
        return f.Items.Where(d => d.Severity == DiagnosticSeverity.Error).OrderBy(d => d.Line).ThenBy(d => d.Column).FirstOrDefault();
    }

    /// <summary>Whether a list of findings makes the document invalid (in one category, when given).</summary>
    public static bool HasErrors(IEnumerable<Diagnostic> findings, DiagnosticCategory? category = null) =>
        findings.Any(d => d.Severity == DiagnosticSeverity.Error && (category is null || d.Category == category));

    /// <summary>What the XSD alone says (no rules, no deduplication); the kind must have a schema.</summary>
    internal static List<Diagnostic> XsdFindings(DomainDocument doc, DocumentKind kind) =>
        XsdCheck(doc.Document, doc.File, SchemaSet.For(kind) ?? throw new ArgumentException($"no schema for {kind}", nameof(kind)))
            .Select(x => x.Finding).ToList();

    /// <summary>XSD messages about an element that a specific rule at the same element also reports: a missing
    /// attribute or child, or a bad value of a simple element.</summary>
    private static readonly string[] SaidByRules = ["required attribute", "has incomplete content", "element is invalid - The value"];

    private sealed record XsdFinding(Diagnostic Finding, bool AboutAttribute);

    private static List<XsdFinding> XsdCheck(XDocument document, string file, XmlSchemaSet set)
    {
        var list = new List<XsdFinding>();
        LaxRootValidation.For(set).Validate(document, (sender, e) =>
        {
            var pos = SourcePosition.Of(sender as XObject);
            if (pos == default && e.Exception is { LineNumber: > 0 } ex) pos = new SourcePosition(ex.LineNumber, ex.LinePosition);
            var finding = Diagnoses.SchemaMismatch(Plain(e.Message)).At(file, pos);
            if (e.Severity != XmlSeverityType.Error) finding = finding with { Severity = DiagnosticSeverity.Warning };
            var aboutAttribute = sender is XAttribute || SaidByRules.Any(m => e.Message.Contains(m, StringComparison.Ordinal));
            list.Add(new XsdFinding(finding, aboutAttribute));
        });
        return list;
    }

    private static string Plain(string xsdMessage) => xsdMessage.TrimEnd('.');
}

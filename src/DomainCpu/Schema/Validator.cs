using System.Xml.Linq;
using System.Xml.Schema;
using DomainCpu.Xml;

namespace DomainCpu.Schema;

/// <summary>
/// Validates a document: the XSD of its kind (<see cref="SchemaSet"/>), then the rules the XSD cannot express
/// (<see cref="ValidationRules"/>). Reports every finding it can, in document order; never throws for bad input.
/// </summary>
public static class Validator
{
    /// <summary>Validates a loaded document.</summary>
    /// <param name="doc">The document.</param>
    /// <param name="kind">The kind to validate as; null uses the kind its root element says.</param>
    /// <returns>The findings in document order; empty when the document is valid.</returns>
    public static IReadOnlyList<Diagnostic> Validate(DomainDocument doc, DocumentKind? kind = null)
    {
        var k = kind ?? doc.Kind;
        var f = new Findings(doc.File);
        var set = SchemaSet.For(k);
        if (set is null)
        {
            f.Add(doc.Root, "DC0100", $"no schema for the root element <{doc.Root.Name.LocalName}>; expected domain, capabilities, domainCapabilities or cpu (or give --kind)");
            return f.Items;
        }
        var schemaFindings = XsdCheck(doc, set);
        DocumentShapeRules.Check(doc.Root, k, f);
        SemanticRules.Check(doc.Root, k, f);
        // A specific schema rule at the same attribute (or about the same missing attribute) says what the XSD
        // says, in plainer words.
        var specific = f.Items.Where(d => d.Category == "schema").Select(d => (d.Line, d.Column)).ToHashSet();
        var all = schemaFindings.Where(x => !(x.AboutAttribute && specific.Contains((x.Finding.Line, x.Finding.Column))))
            .Select(x => x.Finding).Concat(f.Items);
        return all.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
    }

    /// <summary>The first <c>semantic</c> error of a domain: what libvirt refuses to define although its schema accepts
    /// it. Cheap (no XSD); the start paths refuse such a domain as libvirt does. Null when there is none.</summary>
    public static Diagnostic? FirstSemanticError(DomainDocument doc)
    {
        var f = new Findings(doc.File);
        SemanticRules.Check(doc.Root, doc.Kind, f);
        return f.Items.Where(d => d.Severity == DiagnosticSeverity.Error).OrderBy(d => d.Line).ThenBy(d => d.Column).FirstOrDefault();
    }

    /// <summary>Whether a list of findings makes the document invalid in a category (<c>schema</c> or <c>semantic</c>).</summary>
    public static bool HasErrors(IEnumerable<Diagnostic> findings, string? category = null) =>
        findings.Any(d => d.Severity == DiagnosticSeverity.Error && (category is null || d.Category == category));

    /// <summary>What the XSD alone says (no rules, no deduplication); the kind must have a schema.</summary>
    internal static List<Diagnostic> XsdFindings(DomainDocument doc, DocumentKind kind) =>
        XsdCheck(doc, SchemaSet.For(kind) ?? throw new ArgumentException($"no schema for {kind}", nameof(kind)))
            .Select(x => x.Finding).ToList();

    /// <summary>XSD messages about an element that a specific rule at the same element also reports: a missing
    /// attribute or child, or a bad value of a simple element.</summary>
    private static readonly string[] SaidByRules = ["required attribute", "has incomplete content", "element is invalid - The value"];

    private sealed record XsdFinding(Diagnostic Finding, bool AboutAttribute);

    private static List<XsdFinding> XsdCheck(DomainDocument doc, XmlSchemaSet set)
    {
        var rule = ValidationRules.Get("DC0100");
        var list = new List<XsdFinding>();
        doc.Document.Validate(set, (sender, e) =>
        {
            var pos = SourcePosition.Of(sender as XObject);
            if (pos == default && e.Exception is { LineNumber: > 0 } ex) pos = new SourcePosition(ex.LineNumber, ex.LinePosition);
            var severity = e.Severity == XmlSeverityType.Error ? rule.Severity : DiagnosticSeverity.Warning;
            var aboutAttribute = sender is XAttribute || SaidByRules.Any(m => e.Message.Contains(m, StringComparison.Ordinal));
            list.Add(new XsdFinding(new Diagnostic(doc.File, pos.Line, pos.Column, severity, rule.Category, rule.Id, Plain(e.Message)), aboutAttribute));
        }, addSchemaInfo: false);
        return list;
    }

    private static string Plain(string xsdMessage) => xsdMessage.TrimEnd('.');
}

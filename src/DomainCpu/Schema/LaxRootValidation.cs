using System.Runtime.CompilerServices;
using System.Xml.Linq;
using System.Xml.Schema;

namespace DomainCpu.Schema;

/// <summary>
/// XSD validation of a document whose root element takes any children laxly (the domain: strict for its CPU parts,
/// open for everything else), with the verdicts and messages of validating the whole tree but without running the
/// schema validator over the open parts. Lax assessment validates an element strictly when the schema declares its
/// name globally, and otherwise looks at its children the same way; so a walk that hands each globally declared
/// element to the validator and skips the rest is the same assessment. Whatever the walk cannot be sure about (text
/// in the root, <c>xsi:</c>/<c>xml:</c> or other namespaced attributes, global attribute declarations) falls back
/// to validating the whole tree.
/// </summary>
internal sealed class LaxRootValidation
{
    private static readonly ConditionalWeakTable<XmlSchemaSet, LaxRootValidation> Cache = new();

    private readonly XmlSchemaSet _set;
    private readonly Dictionary<XName, XmlSchemaElement> _globals = [];
    private readonly HashSet<XName> _declared;

    /// <summary>Global attribute declarations apply to any attribute of an undeclared element, which the walk does
    /// not look at: with any, every document is validated whole.</summary>
    private readonly bool _wholeOnly;

    private LaxRootValidation(XmlSchemaSet set)
    {
        _set = set;
        _wholeOnly = set.GlobalAttributes.Count > 0;
        foreach (XmlSchemaElement e in set.GlobalElements.Values)
        {
            _globals[XName.Get(e.QualifiedName.Name, e.QualifiedName.Namespace)] = e;
        }
        _declared = [.. _globals.Keys];
    }

    /// <summary>The validation for a compiled set (made once per set).</summary>
    public static LaxRootValidation For(XmlSchemaSet set) => Cache.GetValue(set, s => new LaxRootValidation(s));

    /// <summary>The names the schema declares globally, when a document with this root element can be validated
    /// from its root and the subtrees of these names alone (see <see cref="DeclaredPartsReader"/>); else null.</summary>
    public IReadOnlySet<XName>? PrunableBelow(XName root) =>
        !_wholeOnly && _globals.TryGetValue(root, out var decl) && IsLaxAnyContent(decl) ? _declared : null;

    /// <summary>Validates the document, reporting through <paramref name="handler"/> what
    /// validating the whole document would.</summary>
    public void Validate(XDocument doc, ValidationEventHandler handler)
    {
        var root = doc.Root!;
        var targets = new List<(XElement Element, XmlSchemaElement Declaration)>();
        if (!_wholeOnly && _globals.TryGetValue(root.Name, out var rootDecl) && IsLaxAnyContent(rootDecl) && !HasText(root) &&
            !HasQualifiedAttribute(root) &&
            CollectDeclared(root.Elements(), targets))
        {
            foreach (var (element, declaration) in targets) element.Validate(declaration, _set, handler, addSchemaInfo: false);
        }
        else
        {
            doc.Validate(_set, handler, addSchemaInfo: false);
        }
    }

    /// <summary>Whether the declaration's type takes any number of elements of any namespace laxly, skips every
    /// attribute, and declares nothing else (no attributes, no identity constraints, no text).</summary>
    private static bool IsLaxAnyContent(XmlSchemaElement decl) =>
        decl is { Constraints.Count: 0, ElementSchemaType: XmlSchemaComplexType type } &&
        type is { IsMixed: false, ContentType: XmlSchemaContentType.ElementOnly, AttributeUses.Count: 0 } &&
        type.AttributeWildcard is { ProcessContents: XmlSchemaContentProcessing.Skip, Namespace: "##any" or null } &&
        IsLaxAnyOfAny(type.ContentTypeParticle is XmlSchemaSequence { Items.Count: 1, MinOccurs: 1, MaxOccurs: 1 } seq ? seq.Items[0] : type.ContentTypeParticle);

    private static bool IsLaxAnyOfAny(XmlSchemaObject particle) =>
        particle is XmlSchemaAny { ProcessContents: XmlSchemaContentProcessing.Lax, Namespace: "##any" or null, MinOccurs: 0 } any &&
        any.MaxOccurs == decimal.MaxValue;

    /// <summary>Whether an element has an attribute in a namespace (<c>xsi:type</c>, <c>xml:lang</c>, …), which the
    /// validator may assess even where attributes are skipped.</summary>
    private static bool HasQualifiedAttribute(XElement e)
    {
        foreach (var a in e.Attributes())
        {
            if (a.Name.Namespace != XNamespace.None && !a.IsNamespaceDeclaration) return true;
        }
        return false;
    }

    private static bool HasText(XElement e) =>
        e.Nodes().OfType<XText>().Any(t => !string.IsNullOrWhiteSpace(t.Value) || t is XCData);

    /// <summary>Collects, in document order, the elements lax assessment validates strictly; false when an
    /// undeclared element has an attribute lax assessment might look at.</summary>
    private bool CollectDeclared(IEnumerable<XElement> elements, List<(XElement, XmlSchemaElement)> targets)
    {
        foreach (var e in elements)
        {
            if (_globals.TryGetValue(e.Name, out var decl))
            {
                targets.Add((e, decl));
                continue;
            }
            if (HasQualifiedAttribute(e)) return false;
            if (e.HasElements && !CollectDeclared(e.Elements(), targets)) return false;
        }
        return true;
    }
}

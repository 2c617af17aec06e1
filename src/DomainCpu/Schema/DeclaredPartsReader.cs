using System.Xml;
using System.Xml.Linq;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Schema;

/// <summary>
/// Reads a domain for validation, building only what validation looks at: the root element with its attributes,
/// the whole subtree of every element the schema declares globally (<c>&lt;cpu&gt;</c>, <c>&lt;vcpu&gt;</c>,
/// <c>&lt;os&gt;</c>, …, wherever lax assessment would find them), and the bare elements on the way to one that
/// is nested in an open part. The rest is read (every limit and refusal applies to the whole text) but not built.
/// The kept elements carry their positions in the source text, so findings are those of the whole document.
/// </summary>
internal static class DeclaredPartsReader
{
    /// <summary>The pruned document, or null when the input is not a plain domain (another root element, text
    /// directly in it, a child of the root that <paramref name="rootChildren"/> does not allow there, or an open element
    /// with a namespaced attribute that lax assessment may look at), and the whole tree has to be read instead.</summary>
    /// <exception cref="DomainCpuException">The input is refused, as <see cref="XmlSafety"/> refuses it.</exception>
    public static XDocument? Read(string text, string file, InputLimits limits, IReadOnlySet<XName> declared, DomainChildren.Allowed rootChildren)
    {
        try
        {
            using var reader = XmlSafety.CreateReader(text, file, limits);
            return Read(reader, declared, rootChildren);
        }
        catch (XmlException ex)
        {
            throw XmlSafety.FromXmlException(ex, file, text);
        }
    }

    private static XDocument? Read(XmlReader reader, IReadOnlySet<XName> declared, DomainChildren.Allowed rootChildren)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        XDocument? doc = null;
        // The open elements from the root down to the reader's position; an entry is null until an element inside
        // it is kept (then the bare element is built and linked to its parent).
        var open = new List<XElement?>();
        var names = new List<XName>();
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    var name = XName.Get(reader.LocalName, reader.NamespaceURI);
                    if (doc is null)
                    {
                        if (name != "domain" || HasQualifiedAttribute(reader)) return null;
                        doc = new XDocument(Bare(reader, name));
                        if (reader.IsEmptyElement) break;
                        open.Add(doc.Root);
                        names.Add(name);
                        break;
                    }
                    // A root child libvirt's domain lacks (or a repeat of one it has once) is a finding about the
                    // element itself, which is not kept here.
                    if (open.Count == 1 && name.Namespace == XNamespace.None && !rootChildren.Accepts(name.LocalName, seen)) return null;
                    if (declared.Contains(name))
                    {
                        var parent = Materialize(open, names, open.Count - 1);
                        using (var subtree = reader.ReadSubtree())
                        {
                            parent.Add(XElement.Load(subtree, LoadOptions.PreserveWhitespace | LoadOptions.SetLineInfo));
                        }
                        break;
                    }
                    if (HasQualifiedAttribute(reader)) return null;
                    if (reader.IsEmptyElement) break;
                    open.Add(null);
                    names.Add(name);
                    break;
                case XmlNodeType.EndElement:
                    open.RemoveAt(open.Count - 1);
                    names.RemoveAt(names.Count - 1);
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                    // Text directly in the root: the schema has a word to say about it.
                    if (open.Count == 1) return null;
                    break;
            }
        }
        return doc;
    }

    /// <summary>The open element at <paramref name="i"/>, built (with its ancestors) if it was not yet.</summary>
    private static XElement Materialize(List<XElement?> open, List<XName> names, int i)
    {
        if (open[i] is { } built) return built;
        var e = new XElement(names[i]);
        Materialize(open, names, i - 1).Add(e);
        open[i] = e;
        return e;
    }

    /// <summary>The element the reader is on, with its attributes (namespace declarations included), no content.</summary>
    private static XElement Bare(XmlReader reader, XName name)
    {
        var e = new XElement(name);
        while (reader.MoveToNextAttribute())
        {
            var attribute = reader is { Prefix.Length: 0, LocalName: "xmlns" } ? XName.Get("xmlns") : XName.Get(reader.LocalName, reader.NamespaceURI);
            e.Add(new XAttribute(attribute, reader.Value));
        }
        reader.MoveToElement();
        return e;
    }

    private static bool HasQualifiedAttribute(XmlReader reader)
    {
        var found = false;
        while (!found && reader.MoveToNextAttribute())
        {
            found = reader.NamespaceURI.Length > 0 && reader.NamespaceURI != XNamespace.Xmlns.NamespaceName;
        }
        reader.MoveToElement();
        return found;
    }
}

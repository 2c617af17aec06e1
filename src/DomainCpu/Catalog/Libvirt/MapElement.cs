using System.Xml;
using DomainCpu.Diagnostics;
using DomainCpu.Xml;

namespace DomainCpu.Catalog.Libvirt;

/// <summary>An attribute of a cpu_map element, with its position.</summary>
/// <param name="Name">The local name (namespaced attributes keep <c>{uri}name</c>, so no plain lookup finds them).</param>
/// <param name="Value">The value.</param>
/// <param name="At">Where it is.</param>
internal sealed record MapAttribute(string Name, string Value, SourcePosition At)
{
    public static explicit operator string?(MapAttribute? a) => a?.Value;
}

/// <summary>
/// An element of a cpu_map file as the reader needs it: name, attributes and child elements with their positions;
/// text, whitespace and comments are dropped. A map of 200 files is mostly this markup, and reading it with one
/// streaming pass of the safe reader (<see cref="XmlSafety"/>: no DTD, entities or external resolution; the input
/// limits) instead of building full-fidelity documents with line annotations makes loading several times cheaper.
/// </summary>
internal sealed class MapElement
{
    private static readonly List<MapAttribute> NoAttributes = [];
    private static readonly List<MapElement> NoChildren = [];
    private List<MapAttribute> _attributes = NoAttributes;
    private List<MapElement> _children = NoChildren;

    private MapElement(string name, SourcePosition at)
    {
        Name = name;
        At = at;
    }

    /// <summary>The local name (<c>{uri}name</c> in a namespace).</summary>
    public string Name { get; }

    /// <summary>Where the element starts.</summary>
    public SourcePosition At { get; }

    /// <summary>The attribute of that (un-namespaced) name, or null.</summary>
    public MapAttribute? Attribute(string name)
    {
        foreach (var a in _attributes)
        {
            if (a.Name == name) return a;
        }
        return null;
    }

    /// <summary>The child elements in document order.</summary>
    public IReadOnlyList<MapElement> Elements() => _children;

    /// <summary>The child elements of that name in document order.</summary>
    public IEnumerable<MapElement> Elements(string name) => _children.Where(c => c.Name == name);

    /// <summary>The first child element of that name, or null.</summary>
    public MapElement? Element(string name) => _children.FirstOrDefault(c => c.Name == name);

    /// <summary>Reads a file's root element.</summary>
    /// <exception cref="DomainCpuException">The file is not accepted (malformed, a DTD, over the limits…), with its position.</exception>
    public static MapElement Load(byte[] bytes, string file)
    {
        var limits = InputLimits.Default;
        var text = XmlSafety.Decode(bytes, file, limits).Text;
        try
        {
            using var reader = XmlSafety.CreateReader(text, file, limits);
            var info = (IXmlLineInfo)reader;
            var open = new Stack<MapElement>();
            MapElement? root = null;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.EndElement)
                {
                    open.Pop();
                    continue;
                }
                if (reader.NodeType != XmlNodeType.Element) continue;
                var element = new MapElement(NameOf(reader), new SourcePosition(info.LineNumber, info.LinePosition));
                if (reader.MoveToFirstAttribute())
                {
                    element._attributes = [];
                    do
                    {
                        element._attributes.Add(new MapAttribute(NameOf(reader), reader.Value, new SourcePosition(info.LineNumber, info.LinePosition)));
                    }
                    while (reader.MoveToNextAttribute());
                    reader.MoveToElement();
                }
                if (open.TryPeek(out var parent))
                {
                    if (parent._children == NoChildren) parent._children = [];
                    parent._children.Add(element);
                }
                else root = element;
                if (!reader.IsEmptyElement) open.Push(element);
            }
            return root ?? throw DomainCpuException.At(file, new SourcePosition(1, 1), Diagnoses.MalformedXml("no root element"));
        }
        catch (XmlException ex)
        {
            throw XmlSafety.FromXmlException(ex, file, text);
        }
    }

    private static string NameOf(XmlReader reader) =>
        reader.NamespaceURI.Length == 0 ? reader.LocalName : "{" + reader.NamespaceURI + "}" + reader.LocalName;
}

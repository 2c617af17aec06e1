using System.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>
/// An <see cref="XmlReader"/> that enforces <see cref="InputLimits"/> and DomainCpu's refusals on each node as it
/// is read, so the tree is built in the same pass and nothing past the first refused node is ever built.
/// Everything else is the inner reader's.
/// </summary>
internal sealed class LimitCheckingReader(XmlReader inner, string file, InputLimits limits) : XmlReader, IXmlLineInfo
{
    private const string XIncludeNamespace = "http://www.w3.org/2001/XInclude";
    private const string XIncludeNamespaceOld = "http://www.w3.org/2003/XInclude";

    private readonly IXmlLineInfo _info = (IXmlLineInfo)inner;

    public override bool Read()
    {
        if (!inner.Read()) return false;
        Check();
        return true;
    }

    /// <exception cref="DomainCpuException">The current node breaks a limit or is refused.</exception>
    private void Check()
    {
        var pos = new SourcePosition(_info.LineNumber, _info.LinePosition);
        switch (inner.NodeType)
        {
            case XmlNodeType.Element:
                if (inner.Depth >= limits.MaxDepth)
                {
                    throw DomainCpuException.At(file, pos, Diagnoses.NestedTooDeep(limits.MaxDepth));
                }
                if (inner.NamespaceURI is XIncludeNamespace or XIncludeNamespaceOld)
                {
                    throw DomainCpuException.At(file, pos, Diagnoses.XInclude(inner.Name));
                }
                if (inner.AttributeCount > limits.MaxAttributesPerElement)
                {
                    throw DomainCpuException.At(file, pos, Diagnoses.TooManyAttributes(inner.Name, limits.MaxAttributesPerElement));
                }
                while (inner.MoveToNextAttribute())
                {
                    if (inner.Value.Length > limits.MaxAttributeLength)
                    {
                        throw DomainCpuException.At(file, new SourcePosition(_info.LineNumber, _info.LinePosition),
                            Diagnoses.AttributeTooLong(inner.Name, limits.MaxAttributeLength));
                    }
                }
                inner.MoveToElement();
                break;
            case XmlNodeType.Text:
            case XmlNodeType.CDATA:
            case XmlNodeType.Whitespace:
            case XmlNodeType.SignificantWhitespace:
            case XmlNodeType.Comment:
                if (inner.Value.Length > limits.MaxTextLength)
                {
                    throw DomainCpuException.At(file, pos, Diagnoses.TextTooLong(limits.MaxTextLength));
                }
                break;
            case XmlNodeType.EntityReference:
                throw DomainCpuException.At(file, pos, Diagnoses.EntityReference(inner.Name));
        }
    }

    public override int AttributeCount => inner.AttributeCount;
    public override string BaseURI => inner.BaseURI;
    public override int Depth => inner.Depth;
    public override bool EOF => inner.EOF;
    public override bool HasValue => inner.HasValue;
    public override bool IsDefault => inner.IsDefault;
    public override bool IsEmptyElement => inner.IsEmptyElement;
    public override string LocalName => inner.LocalName;
    public override string Name => inner.Name;
    public override string NamespaceURI => inner.NamespaceURI;
    public override XmlNameTable NameTable => inner.NameTable;
    public override XmlNodeType NodeType => inner.NodeType;
    public override string Prefix => inner.Prefix;
    public override ReadState ReadState => inner.ReadState;
    public override XmlReaderSettings? Settings => inner.Settings;
    public override string Value => inner.Value;
    public override string XmlLang => inner.XmlLang;
    public override XmlSpace XmlSpace => inner.XmlSpace;
    public override string GetAttribute(int i) => inner.GetAttribute(i);
    public override string? GetAttribute(string name) => inner.GetAttribute(name);
    public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);
    public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);
    public override void MoveToAttribute(int i) => inner.MoveToAttribute(i);
    public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);
    public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);
    public override bool MoveToElement() => inner.MoveToElement();
    public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();
    public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();
    public override bool ReadAttributeValue() => inner.ReadAttributeValue();
    public override void ResolveEntity() => inner.ResolveEntity();

    public bool HasLineInfo() => _info.HasLineInfo();
    public int LineNumber => _info.LineNumber;
    public int LinePosition => _info.LinePosition;

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

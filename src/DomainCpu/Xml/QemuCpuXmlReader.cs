using System.Collections.Immutable;
using System.Xml.Linq;
using DomainCpu.Model;
using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>
/// Reads <c>&lt;qemu:cpu&gt;</c> (a direct child of <c>&lt;domain&gt;</c> in libvirt's qemu namespace, any prefix):
/// <c>&lt;qemu:model name=…/&gt;</c> at most once, then <c>&lt;qemu:option name=… [value=…]/&gt;</c>s. Names and
/// values go to QEMU untranslated, so only what would break the <c>-cpu</c> syntax is refused.
/// </summary>
public static class QemuCpuXmlReader
{
    /// <summary>The most options one <c>&lt;qemu:cpu&gt;</c> may hold.</summary>
    public const int MaxOptions = 4096;

    /// <summary>The <c>&lt;qemu:cpu&gt;</c> element of a domain, or null.</summary>
    /// <exception cref="DomainCpuException">The domain has more than one.</exception>
    public static XElement? Find(DomainDocument doc)
    {
        var all = doc.Root.Elements(XName.Get("cpu", DomainDocument.QemuNamespace)).ToList();
        if (all.Count > 1)
        {
            throw new XmlValues(doc.File).Error(all[1], "DC0701", "at most one <qemu:cpu> element may be specified");
        }
        return all.Count == 1 ? all[0] : null;
    }

    /// <summary>Reads the domain's <c>&lt;qemu:cpu&gt;</c>; null when it has none.</summary>
    /// <exception cref="DomainCpuException">The element is malformed.</exception>
    public static QemuCpu? Read(DomainDocument doc) => Find(doc) is { } e ? Read(e, doc.File) : null;

    /// <summary>Reads one <c>&lt;qemu:cpu&gt;</c> element.</summary>
    /// <exception cref="DomainCpuException">The element is malformed.</exception>
    public static QemuCpu Read(XElement element, string file)
    {
        var v = new XmlValues(file);
        string? model = null;
        var options = ImmutableArray.CreateBuilder<QemuCpuOption>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in element.Attributes().Where(a => !a.IsNamespaceDeclaration))
        {
            throw v.Error(a, "DC0702", $"unexpected attribute '{a.Name.LocalName}' on <qemu:cpu>");
        }
        foreach (var child in element.Elements())
        {
            if (child.Name.NamespaceName != DomainDocument.QemuNamespace)
            {
                throw v.Error(child, "DC0702", $"unexpected element <{child.Name.LocalName}> in <qemu:cpu>: only <qemu:model> and <qemu:option> are allowed");
            }
            switch (child.Name.LocalName)
            {
                case "model":
                    if (model is not null) throw v.Error(child, "DC0703", "at most one <qemu:model> may be specified in <qemu:cpu>");
                    if (options.Count > 0) throw v.Error(child, "DC0703", "<qemu:model> must come before the <qemu:option> elements");
                    model = Name(child, v, "model");
                    break;
                case "option":
                    if (options.Count >= MaxOptions) throw v.Error(child, "DC0706", $"more than {MaxOptions} options in <qemu:cpu>");
                    var name = Name(child, v, "option");
                    if (name.Contains('=')) throw v.Error(child.Attribute("name"), "DC0704", $"invalid <qemu:option> name '{name}': it must not contain '='");
                    if (!seen.Add(name)) throw v.Error(child, "DC0705", $"<qemu:option> '{name}' specified more than once");
                    var value = XmlValues.Attr(child, "value");
                    if (value is not null && value.Contains(','))
                    {
                        throw v.Error(child.Attribute("value"), "DC0704", $"invalid <qemu:option> value '{value}': QEMU's -cpu syntax cannot carry ','");
                    }
                    options.Add(new QemuCpuOption(name, value));
                    break;
                default:
                    throw v.Error(child, "DC0702", $"unexpected element <qemu:{child.Name.LocalName}> in <qemu:cpu>: only <qemu:model> and <qemu:option> are allowed");
            }
            foreach (var a in child.Attributes().Where(a => !a.IsNamespaceDeclaration && a.Name.LocalName is not ("name" or "value")))
            {
                throw v.Error(a, "DC0702", $"unexpected attribute '{a.Name.LocalName}' on <qemu:{child.Name.LocalName}>");
            }
            if (child.Name.LocalName == "model" && child.Attribute("value") is { } mv)
            {
                throw v.Error(mv, "DC0702", "unexpected attribute 'value' on <qemu:model>");
            }
            if (child.HasElements) throw v.Error(child.Elements().First(), "DC0702", $"<qemu:{child.Name.LocalName}> takes no child elements");
        }
        return new QemuCpu(model, options.ToImmutable());
    }

    private static string Name(XElement e, XmlValues v, string what)
    {
        var name = XmlValues.Attr(e, "name");
        if (string.IsNullOrEmpty(name)) throw v.Error(e, "DC0704", $"<qemu:{what}> needs a non-empty 'name' attribute");
        if (name.Contains(',')) throw v.Error(e.Attribute("name"), "DC0704", $"invalid <qemu:{what}> name '{name}': it must not contain ','");
        if (name.Any(char.IsWhiteSpace)) throw v.Error(e.Attribute("name"), "DC0704", $"invalid <qemu:{what}> name '{name}': it must not contain white space");
        return name;
    }
}

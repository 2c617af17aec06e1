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
internal static class QemuCpuXmlReader
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
            throw new XmlValues(doc.File).Error(all[1], Diagnoses.SecondQemuCpu());
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
            throw v.Error(a, Diagnoses.UnexpectedQemuAttribute(a.Name.LocalName, "qemu:cpu"));
        }
        foreach (var child in element.Elements())
        {
            if (child.Name.NamespaceName != DomainDocument.QemuNamespace)
            {
                throw v.Error(child, Diagnoses.UnexpectedQemuElement(child.Name.LocalName));
            }
            switch (child.Name.LocalName)
            {
                case "model":
                    if (model is not null) throw v.Error(child, Diagnoses.SecondQemuModel());
                    if (options.Count > 0) throw v.Error(child, Diagnoses.QemuModelAfterOption());
                    model = Name(child, v, "model");
                    break;
                case "option":
                    if (options.Count >= MaxOptions) throw v.Error(child, Diagnoses.TooManyQemuOptions(MaxOptions));
                    var name = Name(child, v, "option");
                    if (name.Contains('=')) throw v.Error(child.Attribute("name"), Diagnoses.QemuNameUnwritable("<qemu:option> name", name, "it must not contain '='"));
                    if (!seen.Add(name)) throw v.Error(child, Diagnoses.QemuOptionTwice(name));
                    var value = XmlValues.Attr(child, "value");
                    if (value is not null && value.Contains(','))
                    {
                        throw v.Error(child.Attribute("value"), Diagnoses.QemuNameUnwritable("<qemu:option> value", value, "QEMU's -cpu syntax cannot carry ','"));
                    }
                    options.Add(new QemuCpuOption(name, value));
                    break;
                default:
                    throw v.Error(child, Diagnoses.UnexpectedQemuElement("qemu:" + child.Name.LocalName));
            }
            foreach (var a in child.Attributes().Where(a => !a.IsNamespaceDeclaration && a.Name.LocalName is not ("name" or "value")))
            {
                throw v.Error(a, Diagnoses.UnexpectedQemuAttribute(a.Name.LocalName, "qemu:" + child.Name.LocalName));
            }
            if (child.Name.LocalName == "model" && child.Attribute("value") is { } mv)
            {
                throw v.Error(mv, Diagnoses.UnexpectedQemuAttribute("value", "qemu:model"));
            }
            if (child.HasElements) throw v.Error(child.Elements().First(), Diagnoses.QemuElementHasChildren("qemu:" + child.Name.LocalName));
        }
        return new QemuCpu(model, options.ToImmutable());
    }

    private static string Name(XElement e, XmlValues v, string what)
    {
        var name = XmlValues.Attr(e, "name");
        if (string.IsNullOrEmpty(name)) throw v.Error(e, Diagnoses.QemuNameMissing("qemu:" + what));
        if (name.Contains(',')) throw v.Error(e.Attribute("name"), Diagnoses.QemuNameUnwritable($"<qemu:{what}> name", name, "it must not contain ','"));
        if (name.Any(char.IsWhiteSpace)) throw v.Error(e.Attribute("name"), Diagnoses.QemuNameUnwritable($"<qemu:{what}> name", name, "it must not contain white space"));
        return name;
    }
}

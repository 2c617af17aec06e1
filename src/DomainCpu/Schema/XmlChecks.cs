using System.Globalization;
using System.Xml.Linq;
using DomainCpu.Diagnostics;

namespace DomainCpu.Schema;

/// <summary>Small checks shared by the rule sets, with XSD's reading of values (surrounding whitespace collapsed).</summary>
internal static class XmlChecks
{
    /// <summary>Reports every occurrence of <paramref name="name"/> after the first.</summary>
    public static void AtMostOnce(XElement parent, XName name, Findings f, DiagnosticDescriptor? rule = null)
    {
        foreach (var extra in parent.Elements(name).Skip(1))
        {
            f.Add(extra, Diagnoses.AtMostOnce(rule ?? DiagnosticCatalogue.ElementRepeated, Show(name), Show(parent.Name)));
        }
    }

    public static void AtMostOnce(XElement parent, Findings f, params string[] names)
    {
        foreach (var n in names) AtMostOnce(parent, n, f);
    }

    public static string Show(XName name) =>
        name.NamespaceName == Xml.DomainDocument.QemuNamespace ? "qemu:" + name.LocalName : name.LocalName;

    /// <summary>An enumerated attribute: reports a value outside <paramref name="allowed"/>.</summary>
    public static void Enum(XElement e, string attr, DiagnosticDescriptor rule, Findings f, params string[] allowed)
    {
        if (e.Attribute(attr) is not { } a) return;
        var v = a.Value.Trim();
        if (!allowed.Contains(v))
        {
            f.Add(a, Diagnoses.NotAllowed(rule, a.Value, attr, e.Name.LocalName, allowed));
        }
    }

    /// <summary>A decimal number (digits only after trimming) within the bounds; null when it is not one.</summary>
    public static ulong? Number(string raw)
    {
        var s = raw.Trim();
        if (s.Length == 0 || !s.All(char.IsAsciiDigit)) return null;
        return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : ulong.MaxValue;
    }

    /// <summary>A numeric attribute: reports absence (when required), non-numbers and values out of range.</summary>
    public static void NumberAttr(XElement e, string attr, DiagnosticDescriptor rule, Findings f, bool required, ulong min, ulong max)
    {
        var a = e.Attribute(attr);
        if (a is null)
        {
            if (required) f.Add(e, Diagnoses.NeedsAttribute(rule, e.Name.LocalName, attr));
            return;
        }
        var v = Number(a.Value);
        if (v is null) f.Add(a, Diagnoses.NotADecimalNumber(rule, attr, a.Value, e.Name.LocalName));
        else if (v < min) f.Add(a, Diagnoses.BelowMinimum(rule, attr, a.Value, e.Name.LocalName, min));
        else if (v > max) f.Add(a, Diagnoses.AboveMaximum(rule, attr, a.Value, e.Name.LocalName, max));
    }

    /// <summary>A feature name as libvirt's schema allows it: letters, digits, '-', '_' and '.' (a host CPU's names may
    /// have '.' only since libvirt 12.8, which <see cref="ReleaseGrammarRules"/> reports for older releases).</summary>
    public static bool IsFeatureName(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}

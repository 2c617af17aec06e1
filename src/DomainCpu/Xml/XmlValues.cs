using System.Globalization;
using System.Xml.Linq;
using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>Strict reading of attribute values, each refusal naming the file and position.</summary>
internal sealed class XmlValues(string file)
{
    public string File { get; } = file;

    public DomainCpuException Error(XObject? at, Diagnostic finding) => DomainCpuException.At(File, SourcePosition.Of(at), finding);

    public static string? Attr(XElement e, string name)
    {
        var a = e.Attribute(name);
        return a?.Value;
    }

    /// <summary>A decimal unsigned integer: digits only, no sign, no 0x, within range.</summary>
    public uint? UInt(XElement e, string name, DiagnosticDescriptor rule, bool required = false, bool nonZero = false)
    {
        var a = e.Attribute(name);
        if (a is null)
        {
            if (required) throw Error(e, Diagnoses.MissingAttribute(rule, name, e.Name.LocalName));
            return null;
        }
        var v = ParseULong(a, rule, uint.MaxValue);
        if (nonZero && v == 0) throw Error(a, Diagnoses.ZeroNotPermitted(rule, name, e.Name.LocalName));
        return (uint)v;
    }

    public ulong? ULong(XElement e, string name, DiagnosticDescriptor rule, bool required = false)
    {
        var a = e.Attribute(name);
        if (a is null)
        {
            if (required) throw Error(e, Diagnoses.MissingAttribute(rule, name, e.Name.LocalName));
            return null;
        }
        return ParseULong(a, rule, ulong.MaxValue);
    }

    public ulong ParseULong(XAttribute a, DiagnosticDescriptor rule, ulong max) =>
        ParseULong(a, a.Value, rule, max, $"attribute '{a.Name.LocalName}' in element '{a.Parent?.Name.LocalName}'");

    public ulong ParseULong(XObject at, string raw, DiagnosticDescriptor rule, ulong max, string what)
    {
        var s = raw.Trim();
        if (s.Length == 0 || !s.All(char.IsAsciiDigit))
        {
            throw Error(at, Diagnoses.NotADecimal(rule, what, raw));
        }
        if (!ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > max)
        {
            throw Error(at, Diagnoses.NumberOutOfRange(rule, what, raw, max));
        }
        return v;
    }
}

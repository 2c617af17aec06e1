using System.Globalization;
using System.Xml.Linq;
using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>Strict reading of attribute values, each refusal naming the file and position.</summary>
internal sealed class XmlValues(string file)
{
    public string File { get; } = file;

    public DomainCpuException Error(XObject? at, string id, string message) =>
        DomainCpuException.At(File, SourcePosition.Of(at), "semantic", id, message);

    public static string? Attr(XElement e, string name)
    {
        var a = e.Attribute(name);
        return a?.Value;
    }

    /// <summary>A decimal unsigned integer: digits only, no sign, no 0x, within range.</summary>
    public uint? UInt(XElement e, string name, string id, bool required = false, bool nonZero = false)
    {
        var a = e.Attribute(name);
        if (a is null)
        {
            if (required) throw Error(e, id, $"Missing required attribute '{name}' in element '{e.Name.LocalName}'");
            return null;
        }
        var v = ParseULong(a, id, uint.MaxValue);
        if (nonZero && v == 0) throw Error(a, id, $"Invalid value for attribute '{name}' in element '{e.Name.LocalName}': Zero is not permitted");
        return (uint)v;
    }

    public ulong? ULong(XElement e, string name, string id, bool required = false)
    {
        var a = e.Attribute(name);
        if (a is null)
        {
            if (required) throw Error(e, id, $"Missing required attribute '{name}' in element '{e.Name.LocalName}'");
            return null;
        }
        return ParseULong(a, id, ulong.MaxValue);
    }

    public ulong ParseULong(XAttribute a, string id, ulong max) => ParseULong(a, a.Value, id, max, $"attribute '{a.Name.LocalName}' in element '{a.Parent?.Name.LocalName}'");

    public ulong ParseULong(XObject at, string raw, string id, ulong max, string what)
    {
        var s = raw.Trim();
        if (s.Length == 0 || !s.All(char.IsAsciiDigit))
        {
            throw Error(at, id, $"Invalid value for {what}: '{raw}'. Expected a non-negative decimal integer");
        }
        if (!ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > max)
        {
            throw Error(at, id, $"Invalid value for {what}: '{raw}'. The number is out of range (at most {max})");
        }
        return v;
    }

    public T? Enum<T>(XElement e, string name, string id, Func<string, T?> parse) where T : struct
    {
        var a = e.Attribute(name);
        if (a is null) return null;
        return parse(a.Value) ?? throw Error(a, id, $"Invalid value for attribute '{name}' in element '{e.Name.LocalName}': '{a.Value}'.");
    }
}

using System.Collections.Immutable;
using System.Xml;
using DomainCpu.Model;
using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>
/// Reads a pool of bare host CPUs (a file of many <c>&lt;cpu&gt;</c> elements, as virsh cpu-baseline takes them) in
/// one streaming pass, without building a tree. Only the plain shape host capabilities print is read here (arch,
/// model, vendor, topology and named features, nothing else); for anything else, and for anything
/// <see cref="CpuXmlReader"/> would refuse, it gives up and the caller reads the file the general way, so results
/// and findings are always those of <see cref="XmlSafety.LoadElements"/> and <see cref="CpuXmlReader"/>.
/// </summary>
public static class HostCpuPoolReader
{
    /// <summary>The host CPUs of a file of bare <c>&lt;cpu&gt;</c> elements, each with the position of its start tag;
    /// null when the file has another shape (or anything to refuse).</summary>
    public static IReadOnlyList<(CpuDefinition Cpu, SourcePosition Position)>? TryRead(byte[] bytes, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        if (bytes.LongLength > limits.MaxDocumentBytes) return null;
        var settings = XmlSafety.ReaderSettings(limits);
        settings.ConformanceLevel = ConformanceLevel.Fragment;
        try
        {
            using var reader = Open(bytes, settings, limits);
            if (reader is null) return null;
            var info = (IXmlLineInfo)reader;
            var cpus = new List<(CpuDefinition, SourcePosition)>();
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Whitespace when reader.Value.Length <= limits.MaxTextLength:
                    case XmlNodeType.XmlDeclaration:
                        continue;
                    case XmlNodeType.Element when IsPlain(reader, "cpu", limits) && !reader.IsEmptyElement:
                        var pos = new SourcePosition(info.LineNumber, info.LinePosition);
                        if (ReadCpu(reader, limits) is not { } cpu) return null;
                        cpus.Add((cpu, pos));
                        continue;
                    default:
                        return null;
                }
            }
            return cpus.Count > 0 ? cpus : null;
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>A reader of the bytes. Plain ASCII without a declaration is read as it is (no decoded copy of a
    /// large file); anything else is decoded as <see cref="XmlSafety"/> decodes it. Null when that refuses it.</summary>
    private static XmlReader? Open(byte[] bytes, XmlReaderSettings settings, InputLimits limits)
    {
        if (System.Text.Ascii.IsValid(bytes) && !bytes.AsSpan().TrimStart(" \t\r\n"u8).StartsWith("<?"u8) &&
            LongestBlankRun(bytes) <= limits.MaxTextLength)
        {
            // Blank runs are checked above, so the reader need not hand out each one as a string.
            settings.IgnoreWhitespace = true;
            return XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
        }
        try
        {
            return XmlReader.Create(new StringReader(TextDecoding.Decode(bytes, "-").Text), settings);
        }
        catch (DomainCpuException)
        {
            return null;
        }
    }

    /// <summary>The longest run of XML blanks (what a whitespace node is made of).</summary>
    private static int LongestBlankRun(ReadOnlySpan<byte> bytes)
    {
        int longest = 0, run = 0;
        foreach (var b in bytes)
        {
            run = b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' ? run + 1 : 0;
            if (run > longest) longest = run;
        }
        return longest;
    }

    /// <summary>Reads from a <c>&lt;cpu&gt;</c> start tag to its end tag.</summary>
    private static CpuDefinition? ReadCpu(XmlReader reader, InputLimits limits)
    {
        string? arch = null, model = null, vendor = null;
        CpuTopology? topology = null;
        var features = ImmutableArray.CreateBuilder<CpuFeature>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Whitespace when reader.Value.Length <= limits.MaxTextLength:
                    continue;
                case XmlNodeType.EndElement:
                    if (arch is null || !CpuXmlReader.KnownArchitectures.Contains(arch) || model is null) return null;
                    return new CpuDefinition
                    {
                        Type = CpuType.Host,
                        Arch = arch,
                        Model = new CpuModelName(model),
                        Vendor = vendor,
                        Topology = topology,
                        Features = features.ToImmutable(),
                    };
                case XmlNodeType.Element when reader.NamespaceURI.Length == 0:
                    switch (reader.LocalName)
                    {
                        case "arch" when arch is null:
                            arch = TextOf(reader, limits);
                            if (arch is null) return null;
                            continue;
                        case "model" when model is null:
                            model = TextOf(reader, limits);
                            if (model is null) return null;
                            continue;
                        case "vendor" when vendor is null:
                            vendor = TextOf(reader, limits);
                            if (vendor is null) return null;
                            continue;
                        case "topology" when topology is null && reader.IsEmptyElement:
                            topology = TopologyOf(reader);
                            if (topology is null) return null;
                            continue;
                        case "feature" when reader.IsEmptyElement && reader.AttributeCount == 1 && features.Count < limits.MaxFeatures:
                            var name = reader.GetAttribute("name");
                            if (string.IsNullOrEmpty(name) || name.Length > limits.MaxAttributeLength || !seen.Add(name)) return null;
                            features.Add(new CpuFeature(name, null));
                            continue;
                    }
                    return null;
                default:
                    return null;
            }
        }
        return null;
    }

    /// <summary>An element of no namespace and no attributes.</summary>
    private static bool IsPlain(XmlReader reader, string name, InputLimits limits) =>
        reader.LocalName == name && reader.NamespaceURI.Length == 0 && reader.AttributeCount == 0 && reader.Depth < limits.MaxDepth;

    /// <summary>The text of an element with no attributes and one non-blank text node; null for any other shape.</summary>
    private static string? TextOf(XmlReader reader, InputLimits limits)
    {
        if (reader.AttributeCount != 0 || reader.IsEmptyElement || !reader.Read() || reader.NodeType != XmlNodeType.Text) return null;
        var value = reader.Value;
        if (value.Length > limits.MaxTextLength || !reader.Read() || reader.NodeType != XmlNodeType.EndElement) return null;
        return value;
    }

    /// <summary>A topology of plain decimal attributes (sockets, dies, cores, threads); null for any other shape.</summary>
    private static CpuTopology? TopologyOf(XmlReader reader)
    {
        uint? sockets = null, dies = null, cores = null, threads = null;
        while (reader.MoveToNextAttribute())
        {
            if (reader.NamespaceURI.Length != 0 || Count(reader.Value) is not { } n) return null;
            switch (reader.LocalName)
            {
                case "sockets" when sockets is null: sockets = n; break;
                case "dies" when dies is null: dies = n; break;
                case "cores" when cores is null: cores = n; break;
                case "threads" when threads is null: threads = n; break;
                default: return null;
            }
        }
        reader.MoveToElement();
        if (sockets is null || cores is null || threads is null) return null;
        // As the general reader reads it with the newest grammar: clusters default to 1 (given ones take that path).
        var t = new CpuTopology(sockets.Value, dies ?? 1, 1, cores.Value, threads.Value);
        return t.LogicalCpus > uint.MaxValue ? null : t;
    }

    /// <summary>1 to 99,999,999 written plainly (no sign, blank or leading zero); null otherwise.</summary>
    private static uint? Count(string s)
    {
        if (s.Length is 0 or > 8 || s[0] == '0') return null;
        uint n = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9') return null;
            n = n * 10 + (uint)(c - '0');
        }
        return n;
    }
}

using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace DomainCpu.Fuzz;

/// <summary>
/// Deterministic mutations of a seed: byte flips, truncation, element and attribute drop/duplicate/swap,
/// value swaps, huge values, and the constructs the reader must refuse (DTDs, entities, XInclude, bad UTF-8).
/// Each mutation is described, so a crash report says how its input was made.
/// </summary>
public sealed class Mutator(SeedCorpus seeds)
{
    private readonly Lazy<Vocabulary> _vocabulary = new(() => Vocabulary.From(seeds.All));

    /// <summary>Mutates <paramref name="seed"/> one to four times.</summary>
    public byte[] Mutate(Random rng, byte[] seed, List<string> steps)
    {
        var bytes = seed;
        var rounds = 1 + rng.Next(4);
        for (var i = 0; i < rounds; i++)
        {
            var structural = rng.Next(10) < 7;
            if (structural && TryStructural(rng, bytes, steps) is { } mutated) bytes = mutated;
            else bytes = Bytewise(rng, bytes, steps);
        }
        return bytes;
    }

    private byte[] Bytewise(Random rng, byte[] bytes, List<string> steps)
    {
        switch (rng.Next(7))
        {
            case 0 when bytes.Length > 0:
            {
                var copy = (byte[])bytes.Clone();
                var n = 1 + rng.Next(8);
                for (var i = 0; i < n; i++) copy[rng.Next(copy.Length)] ^= (byte)(1 << rng.Next(8));
                steps.Add($"flip {n} bits");
                return copy;
            }
            case 1 when bytes.Length > 0:
            {
                var copy = (byte[])bytes.Clone();
                var at = rng.Next(copy.Length);
                copy[at] = (byte)rng.Next(256);
                steps.Add($"set byte {at}");
                return copy;
            }
            case 2:
            {
                var len = bytes.Length == 0 ? 0 : rng.Next(bytes.Length);
                steps.Add($"truncate at {len}");
                return bytes[..len];
            }
            case 3:
            {
                var bad = rng.Next(5) switch
                {
                    0 => new byte[] { 0xC3 },
                    1 => new byte[] { 0xFF, 0xFE },
                    2 => new byte[] { 0xED, 0xA0, 0x80 },
                    3 => new byte[] { 0xF8, 0x88, 0x80, 0x80, 0x80 },
                    _ => new byte[] { 0x00 },
                };
                var at = bytes.Length == 0 ? 0 : rng.Next(bytes.Length);
                steps.Add($"insert invalid UTF-8 at {at}");
                return [.. bytes[..at], .. bad, .. bytes[at..]];
            }
            case 4:
            {
                var text = Encoding.UTF8.GetString(bytes);
                var declared = Pick(rng, ["UTF-16", "ISO-8859-1", "EBCDIC", "UTF-8", "utf8", "ascii", "Shift_JIS", ""]);
                var decl = $"<?xml version=\"1.0\" encoding=\"{declared}\"?>";
                text = text.StartsWith("<?xml", StringComparison.Ordinal) && text.IndexOf("?>", StringComparison.Ordinal) is var end and > 0
                    ? decl + text[(end + 2)..]
                    : decl + "\n" + text;
                steps.Add($"declare encoding '{declared}'");
                return Encoding.UTF8.GetBytes(text);
            }
            case 5:
            {
                var text = Encoding.UTF8.GetString(bytes);
                var root = text.IndexOf('<', text.StartsWith("<?xml", StringComparison.Ordinal) ? 2 : 0);
                var (what, insert) = rng.Next(4) switch
                {
                    0 => ("DTD", "<!DOCTYPE domain [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>\n"),
                    1 => ("external entity", "<!DOCTYPE domain [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"),
                    2 => ("external DTD", "<!DOCTYPE domain SYSTEM \"http://example.invalid/x.dtd\">\n"),
                    _ => ("processing instruction", "<?pi data?>\n"),
                };
                root = Math.Max(0, root);
                steps.Add($"insert {what}");
                return Encoding.UTF8.GetBytes(text[..root] + insert + text[root..]);
            }
            default:
            {
                if (bytes.Length < 2) goto case 2;
                var a = rng.Next(bytes.Length);
                var len = 1 + rng.Next(Math.Min(64, bytes.Length - a));
                var at = rng.Next(bytes.Length);
                steps.Add($"copy {len} bytes from {a} to {at}");
                return [.. bytes[..at], .. bytes.AsSpan(a, len), .. bytes[at..]];
            }
        }
    }

    private byte[]? TryStructural(Random rng, byte[] bytes, List<string> steps)
    {
        XDocument doc;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
            using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
            doc = XDocument.Load(reader, LoadOptions.PreserveWhitespace);
        }
        // On a byte stream whose declaration names another encoding, the framework's reader can also throw
        // ArgumentException (ArgumentOutOfRangeException from SwitchEncoding, DecoderFallbackException); the
        // library never meets this, since it decodes the bytes itself and parses text.
        catch (Exception ex) when (ex is XmlException or ArgumentException)
        {
            return null;
        }
        if (doc.Root is null) return null;
        var elements = doc.Root.DescendantsAndSelf().ToList();
        var element = elements[rng.Next(elements.Count)];
        var v = _vocabulary.Value;
        try
        {
            MutateTree(rng, doc, elements, element, v, steps);
        }
        catch (Exception ex) when (ex is ArgumentException or XmlException or InvalidOperationException)
        {
            return null;
        }
        return Serialize(doc);
    }

    private static void MutateTree(Random rng, XDocument doc, List<XElement> elements, XElement element, Vocabulary v, List<string> steps)
    {
        switch (rng.Next(14))
        {
            case 0 when element != doc.Root:
                steps.Add($"drop <{element.Name.LocalName}>");
                element.Remove();
                break;
            case 1 when element != doc.Root:
            {
                var n = rng.Next(10) == 0 ? rng.Next(100, 5000) : 1;
                steps.Add($"duplicate <{element.Name.LocalName}> x{n}");
                for (var i = 0; i < n; i++) element.AddAfterSelf(new XElement(element));
                break;
            }
            case 2 when element.Parent is { } parent && parent.Elements().Count() > 1:
            {
                var siblings = parent.Elements().ToList();
                var other = siblings[rng.Next(siblings.Count)];
                if (other == element) goto default;
                steps.Add($"swap <{element.Name.LocalName}> and <{other.Name.LocalName}>");
                var a = new XElement(element);
                var b = new XElement(other);
                element.ReplaceWith(b);
                other.ReplaceWith(a);
                break;
            }
            case 3 when element != doc.Root:
            {
                var target = elements[rng.Next(elements.Count)];
                if (target == element || target.Ancestors().Contains(element)) goto default;
                steps.Add($"move <{element.Name.LocalName}> into <{target.Name.LocalName}>");
                element.Remove();
                target.Add(element);
                break;
            }
            case 4 when element.HasAttributes:
            {
                var a = PickAttribute(rng, element);
                steps.Add($"drop @{a.Name.LocalName} of <{element.Name.LocalName}>");
                a.Remove();
                break;
            }
            case 5 when element.HasAttributes:
            {
                var a = PickAttribute(rng, element);
                var value = Pick(rng, InterestingValues.Attribute);
                steps.Add($"set @{a.Name.LocalName} of <{element.Name.LocalName}> to '{value}'");
                a.Value = value;
                break;
            }
            case 6 when element.HasAttributes:
            {
                var a = PickAttribute(rng, element);
                var value = Pick(rng, v.AttributeValues);
                steps.Add($"set @{a.Name.LocalName} of <{element.Name.LocalName}> to seen value '{value}'");
                a.Value = value;
                break;
            }
            case 7:
            {
                var name = Pick(rng, v.AttributeNames);
                var value = rng.Next(2) == 0 ? Pick(rng, InterestingValues.Attribute) : Pick(rng, v.AttributeValues);
                steps.Add($"add @{name}='{value}' to <{element.Name.LocalName}>");
                element.SetAttributeValue(name, value);
                break;
            }
            case 8:
            {
                var name = Pick(rng, v.ElementNames);
                steps.Add($"rename <{element.Name.LocalName}> to <{name}>");
                element.Name = element.Name.Namespace + name;
                break;
            }
            case 9 when !element.HasElements:
            {
                var value = rng.Next(3) == 0 ? Pick(rng, v.TextValues) : Pick(rng, InterestingValues.Attribute);
                steps.Add($"set text of <{element.Name.LocalName}> to '{Short(value)}'");
                element.Value = value;
                break;
            }
            case 10:
            {
                var huge = InterestingValues.Huge(rng);
                if (element.HasAttributes && rng.Next(2) == 0)
                {
                    var a = PickAttribute(rng, element);
                    steps.Add($"set @{a.Name.LocalName} of <{element.Name.LocalName}> to a {huge.Length}-char value");
                    a.Value = huge;
                }
                else
                {
                    steps.Add($"set text of <{element.Name.LocalName}> to a {huge.Length}-char value");
                    element.Value = huge;
                }
                break;
            }
            case 11:
            {
                var depth = rng.Next(2) == 0 ? rng.Next(100, 200) : rng.Next(2, 10);
                var name = Pick(rng, v.ElementNames);
                XElement inner = new(name);
                for (var i = 1; i < depth; i++) inner = new XElement(name, inner);
                steps.Add($"nest <{name}> {depth} deep in <{element.Name.LocalName}>");
                element.Add(inner);
                break;
            }
            case 12:
            {
                XNamespace xi = "http://www.w3.org/2001/XInclude";
                steps.Add($"add xi:include to <{element.Name.LocalName}>");
                element.Add(new XElement(xi + "include", new XAttribute("href", "/etc/passwd"), new XAttribute("parse", "text")));
                break;
            }
            case 13:
            {
                // Copy an element seen in another seed: mixes vocabulary across document kinds.
                var donor = Pick(rng, v.Fragments);
                steps.Add($"insert <{donor.Name.LocalName}> from another seed into <{element.Name.LocalName}>");
                element.Add(new XElement(donor));
                break;
            }
            default:
                steps.Add("no structural change");
                break;
        }
    }

    private static byte[]? Serialize(XDocument doc)
    {
        try
        {
            var sb = new StringBuilder();
            if (doc.Declaration is { } d) sb.Append(d).Append('\n');
            sb.Append(doc.Root!.ToString(SaveOptions.DisableFormatting));
            return Encoding.UTF8.GetBytes(sb.ToString());
        }
        catch (Exception ex) when (ex is ArgumentException or XmlException or InvalidOperationException)
        {
            // The mutation made a tree XML cannot write (a redefined prefix, an invalid character): use bytes.
            return null;
        }
    }

    private static XAttribute PickAttribute(Random rng, XElement e)
    {
        var attrs = e.Attributes().ToList();
        return attrs[rng.Next(attrs.Count)];
    }

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";

    /// <summary>Names and values seen across all seeds.</summary>
    private sealed record Vocabulary(string[] ElementNames, string[] AttributeNames, string[] AttributeValues,
        string[] TextValues, XElement[] Fragments)
    {
        public static Vocabulary From(IReadOnlyList<Seed> seeds)
        {
            var elements = new SortedSet<string>(StringComparer.Ordinal) { "cpu", "feature", "model", "topology" };
            var attrs = new SortedSet<string>(StringComparer.Ordinal) { "name", "policy", "mode" };
            var values = new SortedSet<string>(StringComparer.Ordinal) { "0" };
            var texts = new SortedSet<string>(StringComparer.Ordinal) { "0" };
            var fragments = new List<XElement>();
            foreach (var s in seeds)
            {
                if (s.Kind == InputKind.Json) continue;
                XDocument doc;
                try
                {
                    doc = XDocument.Load(new MemoryStream(s.Bytes));
                }
                catch (XmlException)
                {
                    continue;
                }
                foreach (var e in doc.Descendants())
                {
                    elements.Add(e.Name.LocalName);
                    if (!e.HasElements && e.Value.Length is > 0 and < 64) texts.Add(e.Value);
                    foreach (var a in e.Attributes())
                    {
                        if (a.IsNamespaceDeclaration) continue;
                        attrs.Add(a.Name.LocalName);
                        if (a.Value.Length < 64) values.Add(a.Value);
                    }
                    if (e.Name.LocalName is "cpu" or "feature" or "topology" or "numa" or "cell" or "model" or "cache"
                        or "maxphysaddr" or "vcpu" or "os" or "mode" or "hyperv" or "features" or "cpuid" or "msr"
                        && fragments.Count < 2000 && e.ToString().Length < 8192)
                    {
                        fragments.Add(e);
                    }
                }
            }
            if (fragments.Count == 0) fragments.Add(new XElement("feature", new XAttribute("name", "vmx")));
            return new Vocabulary([.. elements], [.. attrs], [.. values], [.. texts], [.. fragments]);
        }
    }
}

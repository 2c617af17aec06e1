using System.Collections.Immutable;
using System.Globalization;
using System.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Catalog.Libvirt;

/// <summary>Reads a table of libvirt's x86 CPU models (schemas/libvirt-cpu-map-RELEASE.xml, described by
/// schemas/libvirt-cpu-maps.xsd): for a libvirt release, the vendors, features and models its cpu_map defines, each
/// model already resolved (inherited features included), so a release reads into the same <see cref="CpuCatalog"/> as
/// <see cref="LibvirtCpuMap.LoadDirectory"/> gives for that release's cpu_map. A forward-only reader that stops after
/// the release asked for.</summary>
internal static class CpuMapTableReader
{
    /// <summary>The table format's XML namespace.</summary>
    public const string Namespace = "urn:domaincpu:libvirt-cpu-maps:1";

    /// <summary>The CPU models of one libvirt release of the table.</summary>
    /// <param name="stream">The XML.</param>
    /// <param name="file">The name used in error messages.</param>
    /// <param name="libvirt">The release as the table names it (<c>11.3</c>).</param>
    /// <exception cref="DomainCpuException">The release is not in the table, or the table is malformed.</exception>
    public static CpuCatalog Read(Stream stream, string file, string libvirt) => Run(stream, file, r =>
    {
        while (NextRelease(r) is { } tag)
        {
            if (tag == libvirt) return new ReleaseParser(r).Parse();
        }
        throw new XmlException($"the table holds no libvirt {libvirt}");
    });

    /// <summary>The next <c>&lt;release&gt;</c>'s libvirt release (the reader left on its start tag), or null.</summary>
    private static string? NextRelease(XmlReader r)
    {
        while (r.Read())
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "release" && r.NamespaceURI == Namespace)
            {
                return Required(r, "libvirt");
            }
        }
        return null;
    }

    private static T Run<T>(Stream stream, string file, Func<XmlReader, T> parse) =>
        CatalogXml.Read(stream, file, parse, why => Diagnoses.CpuMapTableInvalid(why));

    private static string Required(XmlReader r, string attribute) =>
        r.GetAttribute(attribute) ?? throw new XmlException($"<{r.LocalName}> without {attribute}", null, Line(r), Column(r));

    private static int Line(XmlReader r) => (r as IXmlLineInfo)?.LineNumber ?? 0;

    private static int Column(XmlReader r) => (r as IXmlLineInfo)?.LinePosition ?? 0;

    /// <summary>Reads the children of one <c>&lt;release&gt;</c> (the reader is on its start tag).</summary>
    private sealed class ReleaseParser(XmlReader r)
    {
        private readonly ImmutableArray<VendorInfo>.Builder _vendors = ImmutableArray.CreateBuilder<VendorInfo>();
        private readonly ImmutableArray<FeatureInfo>.Builder _features = ImmutableArray.CreateBuilder<FeatureInfo>();
        private readonly ImmutableArray<CpuModel>.Builder _models = ImmutableArray.CreateBuilder<CpuModel>();
        private readonly Dictionary<string, FeatureInfo> _byName = new(StringComparer.Ordinal);

        public CpuCatalog Parse()
        {
            if (r.IsEmptyElement) return Build();
            var depth = r.Depth;
            while (r.Read() && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                if (r.NodeType != XmlNodeType.Element) continue;
                switch (r.LocalName)
                {
                    case "vendor": _vendors.Add(new VendorInfo(Required(r, "name"), Required(r, "string"))); break;
                    case "feature": Feature(); break;
                    case "model": Model(); break;
                    default: throw Bad($"unexpected <{r.LocalName}>");
                }
            }
            return Build();
        }

        private CpuCatalog Build() => new(_vendors.ToImmutable(), _features.ToImmutable(), _models.ToImmutable());

        private XmlException Bad(string why) => new(why, null, Line(r), Column(r));

        private void Feature()
        {
            var name = Required(r, "name");
            var migratable = r.GetAttribute("migratable") != "no";
            var items = new List<X86Item>();
            if (!r.IsEmptyElement)
            {
                var depth = r.Depth;
                while (r.Read() && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
                {
                    if (r.NodeType != XmlNodeType.Element) continue;
                    items.Add(r.LocalName switch
                    {
                        "cpuid" => new X86Item(X86Key.Cpuid(Number("leaf"), Number("subleaf")), Regs()),
                        "msr" => new X86Item(X86Key.Msr(Number("index")), Regs()),
                        _ => throw Bad($"unexpected <{r.LocalName}> in feature {name}"),
                    });
                }
            }
            if (items.Count == 0) throw Bad($"feature {name} has no CPUID or MSR data");
            var feature = new FeatureInfo(name, _features.Count, X86Data.Of(items), migratable);
            _features.Add(feature);
            _byName[name] = feature;
        }

        private X86Regs Regs() => new(Number("eax"), Number("ebx"), Number("ecx"), Number("edx"));

        private uint Number(string attribute)
        {
            var text = r.GetAttribute(attribute);
            if (text is null) return 0;
            return text.StartsWith("0x", StringComparison.Ordinal) &&
                   uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw Bad($"{attribute}='{text}' is not a hexadecimal number");
        }

        private void Model()
        {
            var name = Required(r, "name");
            var decode = Names(r.GetAttribute("decode"));
            var vendorName = r.GetAttribute("vendor");
            var vendor = vendorName is null ? null : _vendors.FirstOrDefault(v => v.Name == vendorName) ?? throw Bad($"model {name}: unknown vendor {vendorName}");
            var features = FeatureSet.Of(Names(r.GetAttribute("features")).Select(f => FeatureNamed(f, name).Index));
            var data = features.Indices().Aggregate(new X86DataBuilder(X86Data.Empty), (b, i) =>
            {
                b.Or(_features[i].Data);
                return b;
            }).ToData();
            var removed = Checked(Names(r.GetAttribute("removed")), name);
            var added = Checked(Names(r.GetAttribute("added")), name);
            var compat = r.GetAttribute("check") == "compat";
            var ancestor = r.GetAttribute("ancestor");
            var canonical = r.GetAttribute("canonical");
            // Last: the signatures are children, and reading them moves past the attributes.
            var model = new CpuModel(name, _models.Count, decode.Contains("host"), decode.Contains("guest"), vendor, Signatures(),
                data, features, removed)
            {
                AddedFeatures = added,
                CompatCheck = compat,
                Ancestor = ancestor,
                Canonical = canonical,
            };
            _models.Add(model);
        }

        /// <summary>The <c>&lt;signature&gt;</c> children of the model element the reader is on.</summary>
        private ImmutableArray<ModelSignature> Signatures()
        {
            if (r.IsEmptyElement) return ImmutableArray<ModelSignature>.Empty;
            var list = ImmutableArray.CreateBuilder<ModelSignature>();
            var depth = r.Depth;
            while (r.Read() && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                if (r.NodeType != XmlNodeType.Element) continue;
                if (r.LocalName != "signature") throw Bad($"unexpected <{r.LocalName}> in a model");
                ushort? steppings = r.GetAttribute("stepping") is null ? null : (ushort)Number("stepping");
                list.Add(new ModelSignature(Number("family"), Number("model"), steppings));
            }
            return list.ToImmutable();
        }

        private FeatureInfo FeatureNamed(string feature, string model) =>
            _byName.GetValueOrDefault(feature) ?? throw Bad($"model {model}: unknown feature {feature}");

        private ImmutableArray<string> Checked(string[] names, string model)
        {
            foreach (var n in names) FeatureNamed(n, model);
            return ImmutableArray.Create(names);
        }

        private static string[] Names(string? list) => list?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
    }
}

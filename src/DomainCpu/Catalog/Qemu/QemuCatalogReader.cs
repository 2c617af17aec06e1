using System.Collections.Immutable;
using System.Globalization;
using System.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Catalog.Qemu;

/// <summary>Reads the catalog format (schemas/cpu-catalog.xml, described by schemas/cpu-catalog.xsd) with a forward-only
/// reader: attributes only, feature sets as space-separated names.</summary>
public static class QemuCatalogReader
{
    /// <summary>The catalog format's XML namespace.</summary>
    public const string Namespace = "urn:domaincpu:cpu-catalog:1";

    /// <summary>Reads a catalog; a malformed one throws <see cref="DomainCpuException"/> with its position.</summary>
    /// <param name="stream">The XML.</param>
    /// <param name="file">The name used in error messages.</param>
    public static QemuCatalog Read(Stream stream, string file)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
        };
        using var r = XmlReader.Create(stream, settings);
        try
        {
            return new Parser(r, file).Parse();
        }
        catch (XmlException ex)
        {
            throw DomainCpuException.At(file, new SourcePosition(ex.LineNumber, ex.LinePosition), Diagnoses.QemuCatalogInvalid(ex.Message));
        }
    }

    private sealed class Parser(XmlReader r, string file)
    {
        private readonly List<QemuVendor> _vendors = [];
        private readonly List<QemuFeature> _features = [];
        private readonly Dictionary<string, int> _featureIndex = new(StringComparer.Ordinal);
#if NET9_0_OR_GREATER
        private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _featureLookup;
#endif
        private readonly List<QemuModel> _models = [];
        private readonly List<QemuMachineType> _machines = [];
        private readonly Dictionary<string, ImmutableArray<QemuPropOverride>.Builder> _machineSets = new(StringComparer.Ordinal);
        private readonly List<QemuAccelerator> _accelerators = [];

        public QemuCatalog Parse()
        {
            r.MoveToContent();
            Expect("cpuCatalog");
            if (Required("format") != "1") throw Error("unsupported catalog format");
            var qemu = Required("qemu");
            var accel = Required("accel");
            ForEachChild(() =>
            {
                switch (r.LocalName)
                {
                    case "vendors": ForEachChild(() => { Expect("vendor"); _vendors.Add(new QemuVendor(Required("name"), Required("string"))); Skip(); }); break;
                    case "features":
                        ForEachChild(ReadFeature);
#if NET9_0_OR_GREATER
                        _featureLookup = _featureIndex.GetAlternateLookup<ReadOnlySpan<char>>();
#endif
                        break;
                    case "models": ForEachChild(ReadModel); break;
                    case "machines": ForEachChild(ReadMachine); break;
                    case "compats": ForEachChild(ReadCompat); break;
                    case "accelerators": ForEachChild(ReadAccelerator); break;
                    default: throw Error($"unexpected element <{r.LocalName}>");
                }
            });
            var machines = _machines.Select(m => m with { Overrides = _machineSets[m.Name].ToImmutable() }).ToImmutableArray();
            return new QemuCatalog(qemu, accel, [.. _vendors], [.. _features], [.. _models], machines, [.. _accelerators]);
        }

        private void ReadFeature()
        {
            Expect("feature");
            var name = Required("name");
            var inQemu = r.GetAttribute("in-qemu") != "no";
            QemuFeatureBit? bit = null;
            if (r.GetAttribute("reg") is { } reg)
            {
                var register = reg switch
                {
                    "eax" => CpuidRegister.Eax,
                    "ebx" => CpuidRegister.Ebx,
                    "ecx" => CpuidRegister.Ecx,
                    "edx" => CpuidRegister.Edx,
                    _ => throw Error($"unknown register {reg}"),
                };
                var msr = r.GetAttribute("msr");
                bit = msr is not null
                    ? new QemuFeatureBit(true, Hex(msr), 0, register, Int("bit"))
                    : new QemuFeatureBit(false, Hex(Required("leaf")), (uint)Int("subleaf"), register, Int("bit"));
            }
            var feature = new QemuFeature(
                _features.Count,
                name,
                inQemu ? r.GetAttribute("qemu") ?? name : null,
                List(r.GetAttribute("qemu-aliases")),
                List(r.GetAttribute("linux")),
                bit,
                r.GetAttribute("libvirt") != "no",
                r.GetAttribute("migratable") != "no");
            if (!_featureIndex.TryAdd(name, feature.Index)) throw Error($"feature {name} defined twice");
            _features.Add(feature);
            Skip();
        }

        private void ReadModel()
        {
            Expect("model");
            var name = Required("name");
            var vendor = Required("vendor");
            var versions = ImmutableArray.CreateBuilder<QemuModelVersion>();
            var aliases = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
            ForEachChild(() =>
            {
                if (r.LocalName == "version")
                {
                    var number = Int("number");
                    if (number != versions.Count + 1) throw Error($"model {name}: version {number} out of order");
                    FeatureSet features, nested;
                    if (number == 1)
                    {
                        features = Features(Required("features"));
                        nested = Features(r.GetAttribute("nested"));
                    }
                    else
                    {
                        // Later versions are written as changes to the one before.
                        var prev = versions[^1];
                        features = prev.Features.Union(Features(r.GetAttribute("add"))).Except(Features(r.GetAttribute("remove")));
                        nested = prev.Nested.Union(Features(r.GetAttribute("nested-add"))).Except(Features(r.GetAttribute("nested-remove")));
                    }
                    versions.Add(new QemuModelVersion(
                        name, number, Required("vendor"), Int("family"), Int("model"), Int("stepping"), Required("model-id"),
                        Long("level"), Long("xlevel"), Long("min-level"), Long("min-xlevel"), features, nested));
                }
                else
                {
                    Expect("alias");
                    aliases[Required("name")] = Int("version");
                }
                Skip();
            });
            if (versions.Count == 0) throw Error($"model {name} has no version");
            if (aliases.Values.Any(v => v > versions.Count)) throw Error($"model {name}: alias of a missing version");
            _models.Add(new QemuModel(name, vendor, versions.ToImmutable(), aliases.ToImmutable()));
        }

        private void ReadMachine()
        {
            Expect("machine");
            var name = Required("name");
            var alias = r.GetAttribute("alias");
            var isDefault = r.GetAttribute("default") == "yes";
            var policy = Required("cpu-version") switch
            {
                "legacy" => QemuCpuVersionPolicy.Legacy,
                "first" => QemuCpuVersionPolicy.First,
                "latest" => QemuCpuVersionPolicy.Latest,
                var v => throw Error($"unknown cpu-version {v}"),
            };
            if (!_machineSets.TryAdd(name, ImmutableArray.CreateBuilder<QemuPropOverride>())) throw Error($"machine type {name} defined twice");
            _machines.Add(new QemuMachineType(name, alias, isDefault, policy, []));
            Skip();
        }

        /// <summary>A group of property values shared by several machine types.</summary>
        private void ReadCompat()
        {
            Expect("compat");
            var targets = List(Required("machines")).Select(m => _machineSets.GetValueOrDefault(m) ?? throw Error($"unknown machine type {m}")).ToList();
            foreach (var set in ReadSets())
            {
                foreach (var t in targets) t.Add(set);
            }
        }

        private void ReadAccelerator()
        {
            Expect("accelerator");
            var name = Required("name");
            var probed = r.GetAttribute("probed") == "yes";
            _accelerators.Add(new QemuAccelerator(name, probed, ReadSets()));
        }

        private ImmutableArray<QemuPropOverride> ReadSets()
        {
            var sets = ImmutableArray.CreateBuilder<QemuPropOverride>();
            ForEachChild(() =>
            {
                Expect("set");
                var value = r.GetAttribute("bool") is { } b ? new QemuPropValue(QemuPropKind.Bool, b)
                    : r.GetAttribute("int") is { } i ? new QemuPropValue(QemuPropKind.Int, i)
                    : new QemuPropValue(QemuPropKind.String, Required("str"));
                sets.Add(new QemuPropOverride(Required("prop"), value, List(r.GetAttribute("cpus"))));
                Skip();
            });
            return sets.ToImmutable();
        }

        private FeatureSet Features(string? names)
        {
            if (string.IsNullOrEmpty(names)) return FeatureSet.Empty;
            var indices = new List<int>(64);
            for (var start = 0; start < names.Length;)
            {
                var end = names.IndexOf(' ', start);
                if (end < 0) end = names.Length;
#if NET9_0_OR_GREATER
                if (!_featureLookup.TryGetValue(names.AsSpan(start, end - start), out var i)) throw Error($"unknown feature {names[start..end]}");
#else
                if (!_featureIndex.TryGetValue(names[start..end], out var i)) throw Error($"unknown feature {names[start..end]}");
#endif
                indices.Add(i);
                start = end + 1;
            }
            return FeatureSet.Of(indices);
        }

        private static ImmutableArray<string> List(string? text) =>
            string.IsNullOrEmpty(text) ? [] : [.. text.Split(' ')];

        /// <summary>Calls <paramref name="body"/> positioned on each child element, leaving the reader after the parent.</summary>
        private void ForEachChild(Action body)
        {
            if (r.IsEmptyElement)
            {
                r.Read();
                return;
            }
            r.Read();
            while (r.NodeType != XmlNodeType.EndElement)
            {
                if (r.NodeType != XmlNodeType.Element) throw Error($"unexpected {r.NodeType}");
                body();
            }
            r.Read();
        }

        /// <summary>Moves past the current (attribute-only) element.</summary>
        private void Skip()
        {
            if (!r.IsEmptyElement) throw Error($"<{r.LocalName}> has content");
            r.Read();
        }

        private void Expect(string name)
        {
            if (r.NodeType != XmlNodeType.Element || r.LocalName != name || r.NamespaceURI != Namespace) throw Error($"expected <{name}>");
        }

        private string Required(string attr) => r.GetAttribute(attr) ?? throw Error($"<{r.LocalName}> needs {attr}");

        private int Int(string attr) => int.Parse(Required(attr), NumberStyles.None, CultureInfo.InvariantCulture);

        private long Long(string attr) => (long)Hex(Required(attr));

        private static uint Hex(string text) =>
            text.StartsWith("0x", StringComparison.Ordinal)
                ? uint.Parse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
                : uint.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

        private DomainCpuException Error(string message)
        {
            var info = r as IXmlLineInfo;
            return DomainCpuException.At(file, new SourcePosition(info?.LineNumber ?? 0, info?.LinePosition ?? 0), Diagnoses.QemuCatalogInvalid(message));
        }
    }
}

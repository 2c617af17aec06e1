using System.Collections.Immutable;
using System.Globalization;
using System.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Catalog.Qemu;

/// <summary>Reads the catalog format (schemas/cpu-catalog.xml, described by schemas/cpu-catalog.xsd) with a forward-only
/// reader: attributes only, feature sets as space-separated names. One file holds several QEMU releases over one
/// feature table; each release stores its models as changes to the release before it, so reading a release reads the
/// releases before it too, and stops at the first one after it.</summary>
internal static class QemuCatalogReader
{
    /// <summary>The catalog format's XML namespace.</summary>
    public const string Namespace = "urn:domaincpu:cpu-catalog:2";

    /// <summary>The QEMU releases a catalog file holds (their full versions, 7.2.22), oldest first.</summary>
    /// <param name="stream">The XML.</param>
    /// <param name="file">The name used in error messages.</param>
    public static IReadOnlyList<string> Releases(Stream stream, string file) =>
        Run(stream, file, r => new Parser(r, file).ParseReleases().Select(x => x.Qemu).ToList());

    /// <summary>Reads the catalog of one QEMU release; a malformed file throws <see cref="DomainCpuException"/> with its
    /// position.</summary>
    /// <param name="stream">The XML.</param>
    /// <param name="file">The name used in error messages.</param>
    /// <param name="release">The release, as <c>10.0</c> or <c>10.0.13</c> (major and minor decide); null for the
    /// oldest in the file.</param>
    public static QemuCatalog Read(Stream stream, string file, string? release = null) =>
        Run(stream, file, r => new Parser(r, file).Parse(release));

    private static T Run<T>(Stream stream, string file, Func<XmlReader, T> parse) =>
        CatalogXml.Read(stream, file, parse, why => Diagnoses.QemuCatalogInvalid(why));

    /// <summary>Major and minor of a release number (<c>10.0.13</c> → (10, 0)); null when it is not one.</summary>
    internal static (int Major, int Minor)? MajorMinor(string? text)
    {
        if (text is null) return null;
        var parts = text.Split('.');
        return parts.Length >= 2 &&
               int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) &&
               int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? (major, minor)
            : null;
    }

    /// <summary>A feature of the shared table, before a release's view of it is taken.</summary>
    private sealed record SharedFeature(
        string Name,
        string? QemuName,
        (int Major, int Minor)? QemuSince,
        ImmutableArray<string> QemuAliases,
        ImmutableArray<string> LinuxAliases,
        QemuFeatureBit? Bit,
        bool Migratable);

    /// <summary>What the file says of one release: its QEMU version, and the libvirt whose feature table and vendors it
    /// borrows names and bits from, with the bits that table places elsewhere than the shared table does.</summary>
    private sealed record Release(string Qemu, string Libvirt, ImmutableArray<string> Vendors, ImmutableArray<string> LibvirtFeatures,
        ImmutableDictionary<string, QemuFeatureBit> Bits);

    private sealed class Parser(XmlReader r, string file)
    {
        private readonly List<QemuVendor> _vendors = [];
        private readonly List<SharedFeature> _shared = [];
        private readonly Dictionary<string, int> _sharedIndex = new(StringComparer.Ordinal);
        private readonly List<Release> _releases = [];
        private readonly List<QemuFeature> _features = [];
        private readonly Dictionary<string, int> _featureIndex = new(StringComparer.Ordinal);
#if NET9_0_OR_GREATER
        private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _featureLookup;
#endif
        private readonly Dictionary<string, (ImmutableArray<QemuModelVersion> Versions, ImmutableSortedDictionary<string, int> Aliases)> _models =
            new(StringComparer.Ordinal);
        private readonly List<QemuMachineType> _machines = [];
        private readonly Dictionary<string, ImmutableArray<QemuPropOverride>.Builder> _machineSets = new(StringComparer.Ordinal);
        private readonly List<QemuAccelerator> _accelerators = [];
        private readonly Dictionary<string, bool> _options = new(StringComparer.Ordinal);
        private string _accel = "";

        public List<Release> ParseReleases()
        {
            Root();
            r.Read();
            while (r.NodeType == XmlNodeType.Element && r.LocalName != "releases") r.Skip();
            Expect("releases");
            ForEachChild(ReadRelease);
            return _releases;
        }

        public QemuCatalog Parse(string? asked)
        {
            Root();
            r.Read();
            Expect("vendors");
            ForEachChild(() => { Expect("vendor"); _vendors.Add(new QemuVendor(Required("name"), Required("string"))); Skip(); });
            Expect("features");
            ForEachChild(ReadFeature);
            Expect("releases");
            ForEachChild(ReadRelease);
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "options") ReadOptions();
            var target = Target(asked);
            BuildFeatures(_releases[target]);
            for (var i = 0; i <= target; i++)
            {
                Expect("qemu");
                if (Required("version") != _releases[i].Qemu) throw Error($"<qemu> for {_releases[i].Qemu} expected");
                var isTarget = i == target;
                ForEachChild(() =>
                {
                    switch (r.LocalName)
                    {
                        case "models": ForEachChild(ReadModel); break;
                        case "machines" when isTarget: ForEachChild(ReadMachine); break;
                        case "compats" when isTarget: ForEachChild(ReadCompat); break;
                        case "accelerators" when isTarget: ForEachChild(ReadAccelerator); break;
                        case "options" when isTarget: ReadOptions(); break;
                        case "machines" or "compats" or "accelerators" or "options": r.Skip(); break;
                        default: throw Error($"unexpected element <{r.LocalName}>");
                    }
                });
            }
            return Build(_releases[target]);
        }

        private void Root()
        {
            r.MoveToContent();
            Expect("cpuCatalog");
            if (Required("format") != "2") throw Error("unsupported catalog format");
            _accel = Required("accel");
        }

        private int Target(string? asked)
        {
            if (_releases.Count == 0) throw Error("the catalog holds no QEMU release");
            if (asked is null) return 0;
            var wanted = MajorMinor(asked) ?? throw Error($"'{asked}' is not a QEMU release");
            var i = _releases.FindIndex(x => MajorMinor(x.Qemu) == wanted);
            return i >= 0 ? i : throw Error($"the catalog holds no QEMU {asked}");
        }

        private void ReadFeature()
        {
            Expect("feature");
            var name = Required("name");
            var bit = ReadBit();
            var inQemu = r.GetAttribute("in-qemu") != "no";
            var since = r.GetAttribute("qemu-since");
            var feature = new SharedFeature(
                name,
                inQemu ? r.GetAttribute("qemu") ?? name : null,
                since is null ? null : MajorMinor(since) ?? throw Error($"qemu-since '{since}' is not a release"),
                List(r.GetAttribute("qemu-aliases")),
                List(r.GetAttribute("linux")),
                bit,
                r.GetAttribute("migratable") != "no");
            if (!_sharedIndex.TryAdd(name, _shared.Count)) throw Error($"feature {name} defined twice");
            _shared.Add(feature);
            Skip();
        }

        /// <summary>The CPUID or MSR bit the current element's attributes give; null when they give none.</summary>
        private QemuFeatureBit? ReadBit()
        {
            if (r.GetAttribute("reg") is not { } reg) return null;
            var register = reg switch
            {
                "eax" => CpuidRegister.Eax,
                "ebx" => CpuidRegister.Ebx,
                "ecx" => CpuidRegister.Ecx,
                "edx" => CpuidRegister.Edx,
                _ => throw Error($"unknown register {reg}"),
            };
            return r.GetAttribute("msr") is { } msr
                ? new QemuFeatureBit(true, Hex(msr), 0, register, Int("bit"))
                : new QemuFeatureBit(false, Hex(Required("leaf")), (uint)Int("subleaf"), register, Int("bit"));
        }

        private void ReadRelease()
        {
            Expect("release");
            var qemu = Required("qemu");
            var (libvirt, vendors, features) = (Required("libvirt"), List(Required("vendors")), List(Required("libvirt-features")));
            if (MajorMinor(qemu) is not { } mm) throw Error($"'{qemu}' is not a QEMU release");
            if (_releases.Count > 0 && MajorMinor(_releases[^1].Qemu)!.Value.CompareTo(mm) >= 0) throw Error("releases out of order");
            var bits = ImmutableDictionary.CreateBuilder<string, QemuFeatureBit>(StringComparer.Ordinal);
            ForEachChild(() =>
            {
                Expect("bit");
                bits[Required("feature")] = ReadBit() ?? throw Error("<bit> needs reg and bit");
                Skip();
            });
            _releases.Add(new Release(qemu, libvirt, vendors, features, bits.ToImmutable()));
        }

        /// <summary>The release's view of the feature table: the features its libvirt table has, in that table's
        /// order (libvirt's names, bits and migratability), then the features only its QEMU has, by QEMU's name.</summary>
        private void BuildFeatures(Release release)
        {
            var at = MajorMinor(release.Qemu)!.Value;
            bool Knows(SharedFeature f) => f.QemuName is not null && (f.QemuSince is not { } s || s.CompareTo(at) <= 0);
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in release.LibvirtFeatures)
            {
                if (!_sharedIndex.TryGetValue(name, out var i)) throw Error($"release {release.Qemu}: unknown feature {name}");
                if (!listed.Add(name)) throw Error($"release {release.Qemu}: feature {name} listed twice");
                var f = _shared[i];
                var known = Knows(f);
                var bit = release.Bits.TryGetValue(name, out var own) ? own : f.Bit;
                Add(f.Name, new QemuFeature(_features.Count, f.Name, known ? f.QemuName : null, known ? f.QemuAliases : [], f.LinuxAliases, bit, true, f.Migratable));
            }
            foreach (var f in _shared.Where(f => Knows(f) && !listed.Contains(f.Name)).OrderBy(f => f.QemuName, StringComparer.Ordinal))
            {
                Add(f.Name, new QemuFeature(_features.Count, f.QemuName!, f.QemuName, f.QemuAliases, [], null, false, true));
            }
#if NET9_0_OR_GREATER
            _featureLookup = _featureIndex.GetAlternateLookup<ReadOnlySpan<char>>();
#endif
        }

        /// <summary>Adds a feature of the release, found in model lists by its name in the shared table.</summary>
        private void Add(string sharedName, QemuFeature feature)
        {
            _featureIndex[sharedName] = feature.Index;
            _features.Add(feature);
        }

        /// <summary>A model: all its versions, or (with <c>from</c>) the versions from that number on, the earlier ones
        /// being the release before's.</summary>
        private void ReadModel()
        {
            Expect("model");
            var name = Required("name");
            var from = r.GetAttribute("from") is { } f ? int.Parse(f, NumberStyles.None, CultureInfo.InvariantCulture) : 1;
            var versions = ImmutableArray.CreateBuilder<QemuModelVersion>();
            if (from > 1)
            {
                if (!_models.TryGetValue(name, out var before) || before.Versions.Length < from - 1)
                {
                    throw Error($"model {name}: no versions 1 to {from - 1} in the release before");
                }
                versions.AddRange(before.Versions.Take(from - 1));
            }
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
                    var version = new QemuModelVersion(
                        name, number, Required("vendor"), Int("family"), Int("model"), Int("stepping"), Required("model-id"),
                        Long("level"), Long("xlevel"), Long("min-level"), Long("min-xlevel"), features, nested);
                    // The version's own properties, when it has any, are <set> children.
                    var props = ReadSets();
                    versions.Add(props.IsEmpty ? version : version with
                    {
                        Props = props.ToImmutableSortedDictionary(p => p.Prop, p => p.Value, StringComparer.Ordinal),
                    });
                }
                else
                {
                    Expect("alias");
                    aliases[Required("name")] = Int("version");
                    Skip();
                }
            });
            if (versions.Count == 0) throw Error($"model {name} has no version");
            if (aliases.Values.Any(v => v > versions.Count)) throw Error($"model {name}: alias of a missing version");
            _models[name] = (versions.ToImmutable(), aliases.ToImmutable());
        }

        private void ReadMachine()
        {
            Expect("machine");
            var name = Required("name");
            var policy = Required("cpu-version") switch
            {
                "legacy" => QemuCpuVersionPolicy.Legacy,
                "first" => QemuCpuVersionPolicy.First,
                "latest" => QemuCpuVersionPolicy.Latest,
                var v => throw Error($"unknown cpu-version {v}"),
            };
            if (!_machineSets.TryAdd(name, ImmutableArray.CreateBuilder<QemuPropOverride>())) throw Error($"machine type {name} defined twice");
            _machines.Add(new QemuMachineType(name, r.GetAttribute("alias"), r.GetAttribute("default") == "yes", policy, [])
            {
                MaxCpus = r.GetAttribute("cpu-max") is { } max ? int.Parse(max, NumberStyles.None, CultureInfo.InvariantCulture) : 0,
                DefaultCpuType = r.GetAttribute("default-cpu-type"),
                DefaultRamId = r.GetAttribute("default-ram-id"),
                Deprecated = r.GetAttribute("deprecated") == "yes",
            });
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
            var sets = ImmutableArray.CreateBuilder<QemuPropOverride>();
            var offers = ImmutableArray.CreateBuilder<string>();
            ForEachChild(() =>
            {
                if (r.LocalName == "offer")
                {
                    Expect("offer");
                    offers.Add(Required("feature"));
                }
                else sets.Add(ReadSet());
                Skip();
            });
            _accelerators.Add(new QemuAccelerator(name, probed, sets.ToImmutable()) { Offers = offers.ToImmutable() });
        }

        private QemuCatalog Build(Release release)
        {
            var vendors = release.Vendors
                .Select(s => _vendors.FirstOrDefault(v => v.CpuidString == s) ?? throw Error($"release {release.Qemu}: unknown vendor {s}"))
                .ToImmutableArray();
            var models = _models.OrderBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => new QemuModel(m.Key, vendors.FirstOrDefault(v => v.CpuidString == m.Value.Versions[0].Vendor)?.Name ?? m.Value.Versions[0].Vendor,
                    m.Value.Versions, m.Value.Aliases))
                .ToImmutableArray();
            var machines = _machines.Select(m => m with { Overrides = _machineSets[m.Name].ToImmutable() }).ToImmutableArray();
            return new QemuCatalog(release.Qemu, _accel, vendors, [.. _features], models, machines, [.. _accelerators])
            {
                LibvirtRelease = release.Libvirt,
                Options = QemuOptionTable.Of(_options),
            };
        }

        /// <summary>An <c>&lt;options&gt;</c> element: QEMU's command-line options with and without an argument.</summary>
        private void ReadOptions()
        {
            Expect("options");
            foreach (var (attr, takes) in new[] { ("with-argument", true), ("without-argument", false) })
            {
                foreach (var name in List(r.GetAttribute(attr)))
                {
                    if (!_options.TryAdd(name, takes)) throw Error($"option {name} listed twice");
                }
            }
            Skip();
        }

        private ImmutableArray<QemuPropOverride> ReadSets()
        {
            var sets = ImmutableArray.CreateBuilder<QemuPropOverride>();
            ForEachChild(() =>
            {
                sets.Add(ReadSet());
                Skip();
            });
            return sets.ToImmutable();
        }

        private QemuPropOverride ReadSet()
        {
            Expect("set");
            var value = r.GetAttribute("bool") is { } b ? new QemuPropValue(QemuPropKind.Bool, b)
                : r.GetAttribute("int") is { } i ? new QemuPropValue(QemuPropKind.Int, i)
                : new QemuPropValue(QemuPropKind.String, Required("str"));
            return new QemuPropOverride(Required("prop"), value, List(r.GetAttribute("cpus")));
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

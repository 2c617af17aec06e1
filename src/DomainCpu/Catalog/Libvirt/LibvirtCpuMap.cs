using System.Collections.Immutable;
using System.Globalization;
using DomainCpu.Diagnostics;

namespace DomainCpu.Catalog.Libvirt;

/// <summary>
/// Reads a libvirt <c>cpu_map</c> directory (SPEC §8): <c>index.xml</c>, its x86 section and the files it
/// includes, into a <see cref="CpuCatalog"/>. Each refusal names the file, line and column.
/// </summary>
public static class LibvirtCpuMap
{
    /// <summary>Loads the map of a directory.</summary>
    /// <exception cref="DomainCpuException">A file is missing or the map is invalid.</exception>
    public static CpuCatalog LoadDirectory(string directory) =>
        Load(name =>
        {
            try
            {
                return File.ReadAllBytes(Path.Combine(directory, name));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // Missing, unreadable or not a file name at all: "cannot read CPU map file", with the include's position.
                return null;
            }
        }, directory);

    /// <summary>Loads a map whose files come from <paramref name="readFile"/> (null = no such file).</summary>
    /// <param name="readFile">Returns the bytes of a file of the map by its name, or null. It is called for the included
    /// files from several threads at once.</param>
    /// <param name="displayRoot">Prefix for file names in findings.</param>
    /// <exception cref="DomainCpuException">A file is missing or the map is invalid.</exception>
    internal static CpuCatalog Load(Func<string, byte[]?> readFile, string displayRoot = "")
    {
        var loader = new Loader(readFile, displayRoot);
        loader.LoadIndex();
        return new CpuCatalog(loader.Vendors.ToImmutable(), loader.Features.ToImmutable(), loader.Models.ToImmutable());
    }

    private sealed class Loader(Func<string, byte[]?> readFile, string root)
    {
        public ImmutableArray<VendorInfo>.Builder Vendors { get; } = ImmutableArray.CreateBuilder<VendorInfo>();
        public ImmutableArray<FeatureInfo>.Builder Features { get; } = ImmutableArray.CreateBuilder<FeatureInfo>();
        public ImmutableArray<CpuModel>.Builder Models { get; } = ImmutableArray.CreateBuilder<CpuModel>();
        private readonly Dictionary<string, FeatureInfo> _features = new(StringComparer.Ordinal);
        private readonly Dictionary<string, CpuModel> _models = new(StringComparer.Ordinal);
        private string _file = "";

        private string Display(string name) => root.Length == 0 ? name : Path.Combine(root, name);

        private DomainCpuException Error(MapElement? at, Diagnostic finding) => DomainCpuException.At(_file, at?.At ?? default, finding);

        private DomainCpuException Error(MapAttribute? at, Diagnostic finding) => DomainCpuException.At(_file, at?.At ?? default, finding);

        private MapElement Read(string name, MapElement? from)
        {
            var bytes = readFile(name) ?? throw Error(from, Diagnoses.CpuMapFileUnreadable(name));
            _file = Display(name);
            return MapElement.Load(bytes, _file);
        }

        /// <summary>The included files read and parsed in parallel (most of the cost of a map of 200 files); a file that
        /// is missing or malformed is reported when its turn comes, so the finding is the first in include order.</summary>
        private (MapElement? Root, Exception? Error)[] ReadAll(IReadOnlyList<string?> names)
        {
            var parsed = new (MapElement? Root, Exception? Error)[names.Count];
            Parallel.For(0, names.Count, i =>
            {
                try
                {
                    if (names[i] is { } name && readFile(name) is { } b) parsed[i] = (MapElement.Load(b, Display(name)), null);
                }
                catch (Exception ex)
                {
                    // Kept for its turn: the finding (or a failure of readFile) is raised as the sequential reading would.
                    parsed[i] = (null, ex);
                }
            });
            return parsed;
        }

        public void LoadIndex()
        {
            _file = Display("index.xml");
            var index = Read("index.xml", null);
            var arch = index.Elements("arch").FirstOrDefault(a => (string?)a.Attribute("name") == "x86")
                ?? throw Error(index, Diagnoses.CpuMapWithoutX86());
            LoadSection(arch);
            // Includes directly in the section and in named groups, in document order (libvirt 10.10's index.xml
            // groups its model files; a group without a name is skipped, as libvirt does).
            var includes = arch.Elements().SelectMany(el => el.Name switch
            {
                "include" => [el],
                "group" when el.Attribute("name") is not null => el.Elements("include"),
                _ => Enumerable.Empty<MapElement>(),
            });
            var list = includes.ToList();
            var parsed = ReadAll(list.Select(inc => (string?)inc.Attribute("filename")).ToList());
            var indexFile = _file;
            for (var i = 0; i < list.Count; i++)
            {
                var inc = list[i];
                var name = (string?)inc.Attribute("filename") ?? throw Error(inc, Diagnoses.CpuMapIncludeWithoutFile());
                var (root, error) = parsed[i];
                if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
                if (root is null) throw Error(inc, Diagnoses.CpuMapFileUnreadable(name));
                _file = Display(name);
                LoadSection(root);
                _file = indexFile;
            }
        }

        private void LoadSection(MapElement section)
        {
            foreach (var e in section.Elements("vendor")) Vendor(e, Name(e, "vendor"));
            foreach (var e in section.Elements("feature")) Feature(e, Name(e, "feature"));
            foreach (var e in section.Elements("model")) Model(e, Name(e, "model"));
        }

        private string Name(MapElement e, string what) =>
            (string?)e.Attribute("name") ?? throw Error(e, Diagnoses.CpuMapUnnamed(what));

        private void Vendor(MapElement e, string name)
        {
            if (Vendors.Any(v => v.Name == name)) throw Error(e, Diagnoses.CpuMapVendorTwice(name));
            var s = (string?)e.Attribute("string") ?? throw Error(e, Diagnoses.CpuMapVendorWithoutString(name));
            if (s.Length != 12) throw Error(e.Attribute("string"), Diagnoses.CpuMapVendorStringInvalid(s));
            Vendors.Add(new VendorInfo(name, s));
        }

        private void Feature(MapElement e, string name)
        {
            if (_features.ContainsKey(name)) throw Error(e, Diagnoses.CpuMapFeatureTwice(name));
            var migratable = (string?)e.Attribute("migratable") != "no";
            var items = new List<X86Item>();
            var n = 0;
            foreach (var child in e.Elements())
            {
                if (child.Name == "alias") continue;
                items.Add(child.Name == "cpuid" ? Cpuid(child, n) : Msr(child, n));
                n++;
            }
            if (n == 0) throw Error(e, Diagnoses.CpuMapFeatureWithoutData());
            var f = new FeatureInfo(name, Features.Count, X86Data.Of(items), migratable);
            Features.Add(f);
            _features[name] = f;
        }

        private X86Item Cpuid(MapElement e, int n)
        {
            var what = $"Invalid cpuid[{n}]";
            return new X86Item(X86Key.Cpuid(Number(e, "eax_in", true, what), Number(e, "ecx_in", false, what)),
                new X86Regs(Number(e, "eax", false, what), Number(e, "ebx", false, what), Number(e, "ecx", false, what), Number(e, "edx", false, what)));
        }

        private X86Item Msr(MapElement e, int n)
        {
            var what = $"Invalid msr[{n}]";
            return new X86Item(X86Key.Msr(Number(e, "index", true, what)), new X86Regs(Number(e, "eax", true, what), 0, 0, Number(e, "edx", true, what)));
        }

        private uint Number(MapElement e, string attr, bool required, string what)
        {
            var a = e.Attribute(attr);
            if (a is null)
            {
                if (required) throw Error(e, Diagnoses.CpuMapDataAttributeMissing(what, attr));
                return 0;
            }
            return ParseCNumber(a.Value) ?? throw Error(a, Diagnoses.CpuMapDataAttributeInvalid(what, a.Value, attr));
        }

        private void Model(MapElement e, string name)
        {
            if (_models.ContainsKey(name)) throw Error(e, Diagnoses.CpuMapModelTwice(name));
            var compatCheck = Check(e, name);
            var decode = e.Element("decode") ?? throw Error(e, Diagnoses.CpuMapModelWithoutDecode(name));
            var decodeHost = Switch(decode, "host");
            var decodeGuest = Switch(decode, "guest");

            CpuModel? ancestor = null;
            VendorInfo? vendor = null;
            var signatures = ImmutableArray<ModelSignature>.Empty;
            var data = X86Data.Empty;
            var features = FeatureSet.Empty;
            if (e.Element("model") is { } parentEl)
            {
                var parentName = (string?)parentEl.Attribute("name") ?? throw Error(parentEl, Diagnoses.CpuMapAncestorUnnamed(name));
                ancestor = _models.GetValueOrDefault(parentName) ?? throw Error(parentEl, Diagnoses.CpuMapAncestorUnknown(parentName, name));
                vendor = ancestor.Vendor;
                signatures = ancestor.Signatures;
                data = ancestor.Data;
                features = ancestor.Features;
                // Removed features are not inherited, and neither are their bits.
                foreach (var removedName in ancestor.RemovedFeatures)
                {
                    if (_features.GetValueOrDefault(removedName) is not { } gone) continue;
                    data = data.Except(gone.Data);
                    features = features.Without(gone.Index);
                }
            }

            // A model that names an ancestor and adds nothing of its own only renames it: it is the ancestor's
            // canonical name (versioned names such as Haswell-v1 for Haswell).
            var changed = false;
            var sigs = e.Elements("signature").ToList();
            if (sigs.Count > 0)
            {
                signatures = sigs.Select(s => Signature(s, name)).ToImmutableArray();
                changed = true;
            }

            if (e.Element("vendor") is { } vendorEl)
            {
                var vn = (string?)vendorEl.Attribute("name") ?? throw Error(vendorEl, Diagnoses.CpuMapModelVendorUnnamed(name));
                vendor = Vendors.FirstOrDefault(v => v.Name == vn) ?? throw Error(vendorEl, Diagnoses.CpuMapModelVendorUnknown(vn, name));
                changed = true;
            }

            var removed = ImmutableArray.CreateBuilder<string>();
            var added = ImmutableArray.CreateBuilder<string>();
            // Newer maps list every feature of every model: accumulate in place rather than one merge per feature.
            var bits = new X86DataBuilder(data);
            var indices = new List<int>(features.Indices());
            foreach (var fe in e.Elements("feature"))
            {
                changed = true;
                var fname = (string?)fe.Attribute("name") ?? throw Error(fe, Diagnoses.CpuMapModelFeatureUnnamed(name));
                var f = _features.GetValueOrDefault(fname) ?? throw Error(fe, Diagnoses.CpuMapModelFeatureUnknown(fname, name));
                if (YesNo(fe, "removed"))
                {
                    removed.Add(fname);
                    continue;
                }
                if (YesNo(fe, "added"))
                {
                    added.Add(fname);
                    continue;
                }
                bits.Or(f.Data);
                indices.Add(f.Index);
            }
            data = bits.ToData();
            features = FeatureSet.Of(indices);
            var model = new CpuModel(name, Models.Count, decodeHost, decodeGuest, vendor, signatures, data, features, removed.ToImmutable())
            {
                AddedFeatures = added.ToImmutable(),
                CompatCheck = compatCheck,
                Ancestor = ancestor?.Name,
            };
            if (ancestor is not null && !changed) SetCanonical(e, ancestor, name);
            Models.Add(model);
            _models[name] = model;
        }

        /// <summary>Whether the model asks for compat-mode partial checks (<c>&lt;check partial='compat'/&gt;</c>).</summary>
        private bool Check(MapElement e, string model)
        {
            if (e.Element("check") is not { } check) return false;
            var partial = check.Attribute("partial") ?? throw Error(check, Diagnoses.CpuMapCheckWithoutPartial(model));
            if (partial.Value != "compat") throw Error(partial, Diagnoses.CpuMapCheckPartialInvalid(partial.Value, model));
            return true;
        }

        private void SetCanonical(MapElement e, CpuModel ancestor, string name)
        {
            if (ancestor.Canonical is { } already)
            {
                throw Error(e, Diagnoses.CpuMapCanonicalTwice(name, ancestor.Name, already));
            }
            var renamed = ancestor with { Canonical = name };
            Models[ancestor.Index] = renamed;
            _models[ancestor.Name] = renamed;
        }

        /// <summary>A yes/no attribute of a model's feature (absent = no).</summary>
        private bool YesNo(MapElement fe, string attr)
        {
            var a = fe.Attribute(attr);
            return a?.Value switch
            {
                null or "no" => false,
                "yes" => true,
                _ => throw Error(a, Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.CpuMapModelFeatureInvalid, attr, "feature", a.Value)),
            };
        }

        private bool Switch(MapElement e, string attr)
        {
            var a = e.Attribute(attr) ?? throw Error(e, Diagnoses.MissingAttribute(DiagnosticCatalogue.CpuMapDecodeInvalid, attr, "decode"));
            return a.Value switch
            {
                "on" => true,
                "off" => false,
                _ => throw Error(a, Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.CpuMapDecodeInvalid, attr, "decode", a.Value)),
            };
        }

        private ModelSignature Signature(MapElement s, string model)
        {
            var fam = s.Attribute("family");
            uint family = fam is null ? 0 : ParseCNumber(fam.Value) ?? 0;
            if (family == 0) throw Error(s, Diagnoses.CpuMapSignatureFamily(model));
            var mod = s.Attribute("model");
            var number = mod is null ? null : ParseCNumber(mod.Value);
            if (number is null) throw Error(s, Diagnoses.CpuMapSignatureModel(model));
            ushort? steppings = null;
            if (s.Attribute("stepping") is { } st)
            {
                steppings = ParseBitmap(st.Value) ?? throw Error(st, Diagnoses.CpuMapBitmapInvalid(st.Value));
            }
            return new ModelSignature(family, number.Value, steppings);
        }
    }

    /// <summary>An unsigned number the way C's strtoul reads it with base 0: <c>0x</c> hex, a leading
    /// <c>0</c> octal, otherwise decimal; null when it is not one.</summary>
    internal static uint? ParseCNumber(string s)
    {
        s = s.Trim();
        if (s.Length == 0) return null;
        try
        {
            if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                return s.Length > 2 && uint.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) ? h : null;
            }
            if (s.Length > 1 && s[0] == '0') return s.All(c => c is >= '0' and <= '7') ? Convert.ToUInt32(s, 8) : null;
            return s.All(char.IsAsciiDigit) && uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>A bitmap of 16 bits in libvirt's list syntax (<c>0-4,7,^2</c>); null when invalid.</summary>
    internal static ushort? ParseBitmap(string s)
    {
        uint bits = 0;
        foreach (var raw in s.Split(','))
        {
            var part = raw.Trim();
            var negate = part.StartsWith('^');
            if (negate) part = part[1..];
            var dash = part.IndexOf('-');
            if (!uint.TryParse(dash < 0 ? part : part[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var lo)) return null;
            var hi = lo;
            if (dash >= 0 && (negate || !uint.TryParse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out hi))) return null;
            if (hi < lo || hi > 15) return null;
            for (var b = lo; b <= hi; b++)
            {
                if (negate) bits &= ~(1u << (int)b);
                else bits |= 1u << (int)b;
            }
        }
        return (ushort)bits;
    }
}

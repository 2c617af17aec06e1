using System.Collections.Immutable;
using System.Globalization;
using System.Xml.Linq;
using DomainCpu.Xml;
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
            var path = Path.Combine(directory, name);
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }, directory);

    /// <summary>Loads a map whose files come from <paramref name="readFile"/> (null = no such file).</summary>
    /// <param name="readFile">Returns the bytes of a file of the map by its name, or null.</param>
    /// <param name="displayRoot">Prefix for file names in findings.</param>
    /// <exception cref="DomainCpuException">A file is missing or the map is invalid.</exception>
    public static CpuCatalog Load(Func<string, byte[]?> readFile, string displayRoot = "")
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

        private DomainCpuException Error(XObject? at, Diagnostic finding) =>
            DomainCpuException.At(_file, SourcePosition.Of(at), finding);

        private XElement Read(string name, XObject? from)
        {
            var bytes = readFile(name) ?? throw Error(from, Diagnoses.CpuMapFileUnreadable(name));
            _file = Display(name);
            return XmlSafety.Load(bytes, _file).Document.Root!;
        }

        public void LoadIndex()
        {
            _file = Display("index.xml");
            var index = Read("index.xml", null);
            var arch = index.Elements("arch").FirstOrDefault(a => (string?)a.Attribute("name") == "x86")
                ?? throw Error(index, Diagnoses.CpuMapWithoutX86());
            LoadSection(arch);
            foreach (var inc in arch.Elements("include"))
            {
                var name = (string?)inc.Attribute("filename") ?? throw Error(inc, Diagnoses.CpuMapIncludeWithoutFile());
                var indexFile = _file;
                LoadSection(Read(name, inc));
                _file = indexFile;
            }
        }

        private void LoadSection(XElement section)
        {
            foreach (var e in section.Elements("vendor")) Vendor(e, Name(e, "vendor"));
            foreach (var e in section.Elements("feature")) Feature(e, Name(e, "feature"));
            foreach (var e in section.Elements("model")) Model(e, Name(e, "model"));
        }

        private string Name(XElement e, string what) =>
            (string?)e.Attribute("name") ?? throw Error(e, Diagnoses.CpuMapUnnamed(what));

        private void Vendor(XElement e, string name)
        {
            if (Vendors.Any(v => v.Name == name)) throw Error(e, Diagnoses.CpuMapVendorTwice(name));
            var s = (string?)e.Attribute("string") ?? throw Error(e, Diagnoses.CpuMapVendorWithoutString(name));
            if (s.Length != 12) throw Error(e.Attribute("string"), Diagnoses.CpuMapVendorStringInvalid(s));
            Vendors.Add(new VendorInfo(name, s));
        }

        private void Feature(XElement e, string name)
        {
            if (_features.ContainsKey(name)) throw Error(e, Diagnoses.CpuMapFeatureTwice(name));
            var migratable = (string?)e.Attribute("migratable") != "no";
            var items = new List<X86Item>();
            var n = 0;
            foreach (var child in e.Elements())
            {
                if (child.Name.LocalName == "alias") continue;
                items.Add(child.Name.LocalName == "cpuid" ? Cpuid(child, n) : Msr(child, n));
                n++;
            }
            if (n == 0) throw Error(e, Diagnoses.CpuMapFeatureWithoutData());
            var f = new FeatureInfo(name, Features.Count, X86Data.Of(items), migratable);
            Features.Add(f);
            _features[name] = f;
        }

        private X86Item Cpuid(XElement e, int n)
        {
            var what = $"Invalid cpuid[{n}]";
            return new X86Item(X86Key.Cpuid(Number(e, "eax_in", true, what), Number(e, "ecx_in", false, what)),
                new X86Regs(Number(e, "eax", false, what), Number(e, "ebx", false, what), Number(e, "ecx", false, what), Number(e, "edx", false, what)));
        }

        private X86Item Msr(XElement e, int n)
        {
            var what = $"Invalid msr[{n}]";
            return new X86Item(X86Key.Msr(Number(e, "index", true, what)), new X86Regs(Number(e, "eax", true, what), 0, 0, Number(e, "edx", true, what)));
        }

        private uint Number(XElement e, string attr, bool required, string what)
        {
            var a = e.Attribute(attr);
            if (a is null)
            {
                if (required) throw Error(e, Diagnoses.CpuMapDataAttributeMissing(what, attr));
                return 0;
            }
            return ParseCNumber(a.Value) ?? throw Error(a, Diagnoses.CpuMapDataAttributeInvalid(what, a.Value, attr));
        }

        private void Model(XElement e, string name)
        {
            if (_models.ContainsKey(name)) throw Error(e, Diagnoses.CpuMapModelTwice(name));
            var decode = e.Element("decode") ?? throw Error(e, Diagnoses.CpuMapModelWithoutDecode(name));
            var decodeHost = Switch(decode, "host");
            var decodeGuest = Switch(decode, "guest");

            VendorInfo? vendor = null;
            var signatures = ImmutableArray<ModelSignature>.Empty;
            var data = X86Data.Empty;
            var features = FeatureSet.Empty;
            if (e.Element("model") is { } parentEl)
            {
                var parentName = (string?)parentEl.Attribute("name") ?? throw Error(parentEl, Diagnoses.CpuMapAncestorUnnamed(name));
                var parent = _models.GetValueOrDefault(parentName) ?? throw Error(parentEl, Diagnoses.CpuMapAncestorUnknown(parentName, name));
                vendor = parent.Vendor;
                signatures = parent.Signatures;
                data = parent.Data;
                features = parent.Features;
            }

            var sigs = e.Elements("signature").ToList();
            if (sigs.Count > 0) signatures = sigs.Select(s => Signature(s, name)).ToImmutableArray();

            if (e.Element("vendor") is { } vendorEl)
            {
                var vn = (string?)vendorEl.Attribute("name") ?? throw Error(vendorEl, Diagnoses.CpuMapModelVendorUnnamed(name));
                vendor = Vendors.FirstOrDefault(v => v.Name == vn) ?? throw Error(vendorEl, Diagnoses.CpuMapModelVendorUnknown(vn, name));
            }

            var removed = ImmutableArray.CreateBuilder<string>();
            foreach (var fe in e.Elements("feature"))
            {
                var fname = (string?)fe.Attribute("name") ?? throw Error(fe, Diagnoses.CpuMapModelFeatureUnnamed(name));
                var f = _features.GetValueOrDefault(fname) ?? throw Error(fe, Diagnoses.CpuMapModelFeatureUnknown(fname, name));
                var rem = (string?)fe.Attribute("removed");
                if (rem is not null and not "yes" and not "no") throw Error(fe.Attribute("removed"), Diagnoses.CpuMapRemovedInvalid(rem));
                if (rem == "yes")
                {
                    removed.Add(fname);
                    continue;
                }
                data = data.Union(f.Data);
                features = features.With(f.Index);
            }
            var model = new CpuModel(name, Models.Count, decodeHost, decodeGuest, vendor, signatures, data, features, removed.ToImmutable());
            Models.Add(model);
            _models[name] = model;
        }

        private bool Switch(XElement e, string attr)
        {
            var a = e.Attribute(attr) ?? throw Error(e, Diagnoses.MissingAttribute(DiagnosticCatalogue.CpuMapDecodeInvalid, attr, "decode"));
            return a.Value switch
            {
                "on" => true,
                "off" => false,
                _ => throw Error(a, Diagnoses.InvalidAttributeValue(DiagnosticCatalogue.CpuMapDecodeInvalid, attr, "decode", a.Value)),
            };
        }

        private ModelSignature Signature(XElement s, string model)
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

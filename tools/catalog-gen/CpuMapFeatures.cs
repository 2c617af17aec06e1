using System.Globalization;
using System.Xml.Linq;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.CatalogGen;

/// <summary>A feature of libvirt's table: its name, aliases, bit and migratability.</summary>
internal sealed record MapFeature(string Name, IReadOnlyList<string> QemuAliases, IReadOnlyList<string> LinuxAliases, QemuFeatureBit Bit, bool Migratable);

/// <summary>Reads the CPUID/MSR bit table and the vendors from a libvirt cpu_map directory
/// (<c>x86_features.xml</c>, <c>x86_vendors.xml</c>).</summary>
internal static class CpuMapFeatures
{
    public static IReadOnlyList<MapFeature> ReadFeatures(string dir)
    {
        var path = Path.Combine(dir, "x86_features.xml");
        var doc = XDocument.Load(path);
        var list = new List<MapFeature>();
        foreach (var f in doc.Root!.Elements("feature"))
        {
            var name = (string?)f.Attribute("name") ?? throw new GeneratorException($"{path}: feature without name");
            var aliases = f.Elements("alias").ToList();
            var data = f.Elements().Where(e => e.Name == "cpuid" || e.Name == "msr").ToList();
            if (data.Count != 1) throw new GeneratorException($"{path}: feature {name} has {data.Count} data items; the catalog holds one bit");
            list.Add(new MapFeature(
                name,
                aliases.Where(a => (string?)a.Attribute("source") == "qemu").Select(a => (string)a.Attribute("name")!).ToList(),
                aliases.Where(a => (string?)a.Attribute("source") == "linux").Select(a => (string)a.Attribute("name")!).ToList(),
                ReadBit(path, name, data[0]),
                (string?)f.Attribute("migratable") != "no"));
        }
        return list;
    }

    public static IReadOnlyList<QemuVendor> ReadVendors(string dir)
    {
        var doc = XDocument.Load(Path.Combine(dir, "x86_vendors.xml"));
        return doc.Root!.Elements("vendor").Select(v => new QemuVendor((string)v.Attribute("name")!, (string)v.Attribute("string")!)).ToList();
    }

    private static QemuFeatureBit ReadBit(string path, string name, XElement e)
    {
        var isMsr = e.Name == "msr";
        var leaf = Number(e, isMsr ? "index" : "eax_in");
        var subleaf = isMsr ? 0 : Number(e, "ecx_in");
        var found = new List<(CpuidRegister, int)>();
        foreach (var (reg, attr) in new[] { (CpuidRegister.Eax, "eax"), (CpuidRegister.Ebx, "ebx"), (CpuidRegister.Ecx, "ecx"), (CpuidRegister.Edx, "edx") })
        {
            var v = Number(e, attr);
            for (var b = 0; b < 32; b++)
            {
                if ((v & (1u << b)) != 0) found.Add((reg, b));
            }
        }
        if (found.Count != 1) throw new GeneratorException($"{path}: feature {name} has {found.Count} bits; the catalog holds one");
        return new QemuFeatureBit(isMsr, leaf, subleaf, found[0].Item1, found[0].Item2);
    }

    /// <summary>A number in C's base-0 notation (0x hex, leading 0 octal, else decimal); a missing attribute is 0.</summary>
    private static uint Number(XElement e, string attr)
    {
        var s = (string?)e.Attribute(attr);
        if (string.IsNullOrEmpty(s)) return 0;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return uint.Parse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (s.Length > 1 && s[0] == '0') return Convert.ToUInt32(s[1..], 8);
        return uint.Parse(s, CultureInfo.InvariantCulture);
    }
}

using System.Globalization;
using System.Xml.Linq;
using DomainCpu.Catalog;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Host;

/// <summary>Reads the CPU data QEMU reports for a running guest, in the shape of libvirt's cputest dumps
/// (<c>&lt;cpudata arch='x86'&gt;</c> with <c>&lt;cpuid eax_in ecx_in eax ebx ecx edx/&gt;</c> and
/// <c>&lt;msr index eax edx/&gt;</c>, hexadecimal values).</summary>
internal static class QemuCpuDataReader
{
    /// <summary>Reads a loaded dump.</summary>
    /// <exception cref="DomainCpuException">Not a <c>&lt;cpudata arch='x86'&gt;</c> document, or a bad value.</exception>
    public static X86Data Read(DomainDocument doc)
    {
        var v = new XmlValues(doc.File);
        var root = doc.Root;
        if (root.Name.LocalName != "cpudata" || XmlValues.Attr(root, "arch") != "x86")
        {
            throw v.Error(root, Diagnoses.NotQemuCpuData(root.Name.LocalName));
        }
        var items = new List<X86Item>();
        foreach (var e in root.Elements())
        {
            switch (e.Name.LocalName)
            {
                case "cpuid":
                    items.Add(new X86Item(X86Key.Cpuid(Hex(e, "eax_in", v), Hex(e, "ecx_in", v)),
                        new X86Regs(Hex(e, "eax", v), Hex(e, "ebx", v), Hex(e, "ecx", v), Hex(e, "edx", v))));
                    break;
                case "msr":
                    items.Add(new X86Item(X86Key.Msr(Hex(e, "index", v)), new X86Regs(Hex(e, "eax", v), 0, 0, Hex(e, "edx", v))));
                    break;
                default:
                    throw v.Error(e, Diagnoses.QemuCpuDataElement(e.Name.LocalName));
            }
        }
        return X86Data.Of(items);
    }

    private static uint Hex(XElement e, string name, XmlValues v)
    {
        var a = e.Attribute(name);
        if (a is null) return 0;
        var s = a.Value.Trim();
        var ok = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var x)
            : uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out x);
        return ok ? x : throw v.Error(a, Diagnoses.QemuCpuDataValue(a.Value, name, e.Name.LocalName));
    }
}

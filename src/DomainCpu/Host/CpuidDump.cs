using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using DomainCpu.Model;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Host;

/// <summary>
/// Reads and writes raw x86 CPU data in libvirt's cputest format:
/// <c>&lt;cpudata arch='x86'&gt;</c> with <c>&lt;cpuid eax_in ecx_in eax ebx ecx edx/&gt;</c> and
/// <c>&lt;msr index eax edx/&gt;</c> children, numbers in C notation (<c>0x</c> hex, leading 0 octal, else decimal).
/// </summary>
internal static class CpuidDump
{
    /// <summary>Reads the CPU data of a <c>&lt;cpudata&gt;</c> document, items in document order.</summary>
    /// <param name="root">The root element, loaded with line information.</param>
    /// <param name="file">The file name for findings.</param>
    /// <exception cref="DomainCpuException">The document is not x86 CPU data.</exception>
    public static CpuidData Read(XElement root, string file)
    {
        if (root.Name.LocalName != "cpudata")
        {
            throw Error(file, root, Diagnoses.NotCpuidDump(root.Name.LocalName));
        }
        var arch = root.Attribute("arch")?.Value;
        if (arch is null) throw Error(file, root, Diagnoses.CpuidDumpWithoutArch());
        if (arch != "x86") throw Error(file, root.Attribute("arch"), Diagnoses.CpuidDumpOtherArch(arch));

        var leaves = ImmutableArray.CreateBuilder<CpuidLeaf>();
        var msrs = ImmutableArray.CreateBuilder<MsrValue>();
        foreach (var e in root.Elements())
        {
            switch (e.Name.LocalName)
            {
                case "cpuid":
                    leaves.Add(new CpuidLeaf(
                        Number(e, "eax_in", file, required: true), Number(e, "ecx_in", file),
                        Number(e, "eax", file), Number(e, "ebx", file), Number(e, "ecx", file), Number(e, "edx", file)));
                    break;
                case "msr":
                    msrs.Add(new MsrValue(
                        Number(e, "index", file, required: true), Number(e, "eax", file, required: true), Number(e, "edx", file, required: true)));
                    break;
            }
        }
        if (leaves.Count == 0 && msrs.Count == 0) throw Error(file, root, Diagnoses.CpuidDumpEmpty());
        return new CpuidData(leaves.ToImmutable(), msrs.ToImmutable());
    }

    /// <summary>Reads a CPUID dump from its text.</summary>
    /// <exception cref="DomainCpuException">The text is not well-formed or not x86 CPU data.</exception>
    public static CpuidData Parse(string text, string file = "-") =>
        Read(XmlSafety.Parse(text, file).Document.Root!, file);

    /// <summary>Writes the data in libvirt's format: an optional comment line (such as the CPU's brand string),
    /// then the items sorted by leaf and subleaf, MSRs by index; duplicates merged and all-zero items dropped
    /// as libvirt's CPU data does.</summary>
    /// <param name="data">The CPU data.</param>
    /// <param name="comment">A comment written before the element; null for none.</param>
    public static string Write(CpuidData data, string? comment = null)
    {
        var n = CpuidDataOps.Normalize(data);
        var sb = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(comment)) sb.Append("<!-- ").Append(comment.Replace("--", "- -", StringComparison.Ordinal).Trim()).Append(" -->\n");
        sb.Append("<cpudata arch='x86'>\n");
        foreach (var l in n.Leaves)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"  <cpuid eax_in='0x{l.EaxIn:x8}' ecx_in='0x{l.EcxIn:x2}' eax='0x{l.Eax:x8}' ebx='0x{l.Ebx:x8}' ecx='0x{l.Ecx:x8}' edx='0x{l.Edx:x8}'/>\n");
        }
        foreach (var m in n.Msrs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  <msr index='0x{m.Index:x}' edx='0x{m.Edx:x8}' eax='0x{m.Eax:x8}'/>\n");
        }
        sb.Append("</cpudata>\n");
        return sb.ToString();
    }

    private static uint Number(XElement e, string name, string file, bool required = false)
    {
        var a = e.Attribute(name);
        if (a is null)
        {
            if (required) throw Error(file, e, Diagnoses.CpuidDumpAttributeMissing(name, e.Name.LocalName));
            return 0;
        }
        return ParseC(a.Value) ?? throw Error(file, a, Diagnoses.CpuidDumpAttributeInvalid(name, e.Name.LocalName, a.Value));
    }

    /// <summary>An unsigned 32-bit number in C base-0 notation, or null.</summary>
    internal static uint? ParseC(string raw)
    {
        var s = raw.Trim();
        int radix;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            s = s[2..];
            radix = 16;
        }
        else if (s.Length > 1 && s[0] == '0')
        {
            s = s[1..];
            radix = 8;
        }
        else
        {
            radix = 10;
        }
        if (s.Length == 0) return null;
        ulong v = 0;
        foreach (var c in s)
        {
            var d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= radix) return null;
            v = v * (ulong)radix + (ulong)d;
            if (v > uint.MaxValue) return null;
        }
        return (uint)v;
    }

    private static DomainCpuException Error(string file, XObject? at, Diagnostic finding) =>
        DomainCpuException.At(file, SourcePosition.Of(at), finding);
}

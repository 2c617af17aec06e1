using System.Xml.Linq;
using DomainCpu.Catalog;
using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using DomainCpu.Xml;
using DomainCpu.Catalog.Libvirt;

namespace DomainCpu.Conformance;

/// <summary>Loading libvirt's cputestdata files and cpu_map for the CPU driver conformance tests.</summary>
public static class CputestSupport
{
    private static CpuCatalog? _catalog;

    public static string Dir => Path.Combine(Corpus.Libvirt90, "cputestdata");

    /// <summary>libvirt 9.0's cpu_map from the corpus.</summary>
    public static CpuCatalog Catalog => _catalog ??= LibvirtCpuMap.LoadDirectory(Path.Combine(Corpus.Libvirt90, "cpu_map"));

    /// <summary>A standalone CPU file, parsed the way cputest does (type decided by &lt;arch&gt;).</summary>
    public static CpuDefinition LoadCpu(string name)
    {
        var doc = DomainDocument.LoadFile(Path.Combine(Dir, name));
        return doc.ReadCpu() ?? throw new InvalidOperationException($"{name} has no <cpu>");
    }

    /// <summary>The host CPUs of a &lt;cpuTest&gt; wrapper (parsed as host CPUs).</summary>
    public static IReadOnlyList<CpuDefinition> LoadCpuTest(string name)
    {
        var path = Path.Combine(Dir, name);
        var doc = DomainDocument.LoadFile(path);
        return doc.Root.Elements("cpu").Select(e => CpuXmlReader.Read(e, CpuType.Host, path)).ToList();
    }

    /// <summary>A raw &lt;cpudata&gt; dump as x86 data.</summary>
    internal static X86Data LoadCpuData(string name)
    {
        var root = XDocument.Load(Path.Combine(Dir, name)).Root!;
        var items = root.Elements().Select(e => e.Name.LocalName == "cpuid"
            ? new X86Item(X86Key.Cpuid(Hex(e, "eax_in"), Hex(e, "ecx_in")), new X86Regs(Hex(e, "eax"), Hex(e, "ebx"), Hex(e, "ecx"), Hex(e, "edx")))
            : new X86Item(X86Key.Msr(Hex(e, "index")), new X86Regs(Hex(e, "eax"), 0, 0, Hex(e, "edx"))));
        return X86Data.Of(items);
    }

    private static uint Hex(XElement e, string attr)
    {
        var s = (string?)e.Attribute(attr) ?? "0";
        return s.StartsWith("0x", StringComparison.Ordinal) ? Convert.ToUInt32(s[2..], 16) : uint.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A CPU in libvirt's standalone format (what cputest compares byte for byte), as libvirt 9.0 writes it
    /// (this data's release) unless another release's grammar is given.</summary>
    public static string Format(CpuDefinition cpu, CpuXmlGrammar? grammar = null) =>
        (CpuXmlWriter.Write(cpu, grammar: grammar ?? DomainCpu.Targets.LibvirtProfile.Libvirt90.CpuXml) ?? "") + "\n";

    public static string Expected(string name) => File.ReadAllText(Path.Combine(Dir, name));
}

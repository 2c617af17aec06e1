using System.Text;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Conformance.Support;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Targets;
using DomainCpu.Xml;

namespace DomainCpu.Conformance;

/// <summary>libvirt 11.3's cputestdata and cpu_map (corpus folder <c>libvirt-11.3</c>), and the CLI arguments that make
/// a command answer as libvirt 11.3 with that map (<c>--libvirt 11.3 --cpu-map MAP</c>).</summary>
internal static class Libvirt113Cputest
{
    private static readonly Lazy<CpuCatalog> LazyCatalog = new(() => LibvirtCpuMap.LoadDirectory(Map));

    public static string Root => Corpus.Release("libvirt-11.3");

    public static string Data => Path.Combine(Root, "cputestdata");

    public static string Map => Path.Combine(Root, "cpu_map");

    /// <summary>libvirt 11.3's cpu_map.</summary>
    public static CpuCatalog Catalog => LazyCatalog.Value;

    /// <summary>The target the library-level kinds run with: libvirt 11.3 and its own cpu_map.</summary>
    public static LibvirtProfile Profile => LibvirtProfile.Libvirt113;

    /// <summary>The global options that select libvirt 11.3 and its cpu_map.</summary>
    public static string[] Target => ["--libvirt", "11.3", "--cpu-map", Map];

    public static string PathOf(string file) => Path.Combine(Data, file);

    /// <summary>The x86 rows of one kind of libvirt 11.3's cputestdata/CASES.tsv.</summary>
    public static IReadOnlyList<string[]> Rows(string kind) =>
        File.ReadAllLines(Path.Combine(Data, "CASES.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Where(r => r[0] == kind && r[1] == "x86_64")
            .ToList();

    /// <summary>A standalone CPU file, parsed the way cputest does (type decided by &lt;arch&gt;).</summary>
    public static CpuDefinition LoadCpu(string file) =>
        DomainDocument.LoadFile(PathOf(file)).ReadCpu() ?? throw new InvalidOperationException($"{file} has no <cpu>");

    public static CpuidData LoadDump(string file)
    {
        var path = PathOf(file);
        return CpuidDump.Parse(File.ReadAllText(path), path);
    }

    public static QemuHostReport LoadQemuHost(string file)
    {
        var path = PathOf(file);
        return QemuHostReport.ReadJson(File.ReadAllBytes(path), path);
    }

    /// <summary>Runs the CLI in-process with libvirt 11.3's target options put before <paramref name="args"/>' own.</summary>
    public static (int Code, string Stdout, string Stderr) Cli(params string[] args)
    {
        var r = LifecycleCli.Run(Array.Empty<byte>(), [args[0], .. Target, .. args[1..]]);
        return (r.ExitCode, Encoding.UTF8.GetString(r.Stdout), r.Stderr);
    }

    /// <summary>Null when equal, else both texts.</summary>
    public static string? Diff(string expected, string actual) =>
        expected == actual ? null : $"\n--- expected\n{expected}--- actual\n{actual}";
}

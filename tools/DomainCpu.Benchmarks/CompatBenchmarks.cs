using System.Collections.Immutable;
using System.Text;
using BenchmarkDotNet.Attributes;
using DomainCpu.Catalog;
using DomainCpu.Compat;
using DomainCpu.Model;
using DomainCpu.Xml;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.X86;

namespace DomainCpu.Benchmarks;

/// <summary>
/// Baseline of 10,000 parsed host CPUs and compare of 100,000 host/guest pairs (issue budget: the baseline in
/// 10 ms or less). The catalog is libvirt 9.0's embedded cpu_map models, or the libvirt cpu_map directory in
/// DOMAINCPU_CPU_MAP. Hosts
/// are seeded variations of real CPUs: an Intel model of the catalog plus random extra features, written as
/// host capabilities write them and parsed back; when DOMAINCPU_CORPUS is set, the corpus' x86_64 host CPUs
/// (with libvirt's cpu_map) are drawn instead.
/// </summary>
[MemoryDiagnoser]
public class CompatBenchmarks
{
    private const int Seed = 42;

    private CpuCatalog _catalog = null!;
    private List<CpuDefinition> _hosts = null!;
    private List<(CpuDefinition Host, CpuDefinition Guest)> _pairs = null!;

    /// <summary>The hosts of the baseline benchmark.</summary>
    public IReadOnlyList<CpuDefinition> Hosts => _hosts;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(Seed);
        var corpus = Environment.GetEnvironmentVariable("DOMAINCPU_CORPUS");
        var cpuMap = Environment.GetEnvironmentVariable("DOMAINCPU_CPU_MAP")
            ?? (corpus is null ? null : Path.Combine(corpus, "libvirt-9.0", "cpu_map"));
        _catalog = cpuMap is null ? EmbeddedCpuMaps.For(9, 0) : LibvirtCpuMap.LoadDirectory(cpuMap);
        var intel = _catalog.Models.Where(m => m.Vendor?.Name == "Intel" && m.DecodeHost).ToList();
        var xmls = corpus is null ? null : CorpusHostXmls(corpus);
        _hosts = Enumerable.Range(0, 10_000)
            .Select(i => Parse(xmls is null ? HostXml(rng, intel) : xmls[rng.Next(xmls.Count)], i)).ToList();
        var guests = Enumerable.Range(0, 1_000).Select(_ => GuestOf(rng, intel)).ToList();
        _pairs = Enumerable.Range(0, 100_000).Select(_ => (_hosts[rng.Next(_hosts.Count)], guests[rng.Next(guests.Count)])).ToList();
    }

    [Benchmark]
    public CpuDefinition Baseline10000Hosts() => Baseline.Compute(_catalog, _hosts);

    [Benchmark]
    public int Compare100000Pairs()
    {
        var superset = 0;
        foreach (var (host, guest) in _pairs)
        {
            if (Comparer.Compare(_catalog, host, guest).Result != CompareVerdict.Incompatible) superset++;
        }
        return superset;
    }

    private string HostXml(Random rng, List<CpuModel> models)
    {
        var model = models[rng.Next(models.Count)];
        var sb = new StringBuilder($"<cpu>\n  <arch>x86_64</arch>\n  <model>{model.Name}</model>\n  <vendor>Intel</vendor>\n");
        sb.Append("  <topology sockets='1' dies='1' cores='8' threads='2'/>\n");
        foreach (var f in _catalog.Features)
        {
            if (!model.Features.Contains(f.Index) && rng.Next(8) == 0) sb.Append($"  <feature name='{f.Name}'/>\n");
        }
        return sb.Append("</cpu>\n").ToString();
    }

    /// <summary>The corpus' bare x86_64 host CPUs (cputest's <c>x86_64-cpuid-*-host.xml</c> style files).</summary>
    private static List<string> CorpusHostXmls(string corpus) =>
        Directory.GetFiles(Path.Combine(corpus, "libvirt-9.0", "cputestdata"), "x86_64-*.xml").Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .Where(x => x.TrimStart().StartsWith("<cpu>", StringComparison.Ordinal) && x.Contains("<arch>x86_64</arch>", StringComparison.Ordinal))
            .ToList();

    private static CpuDefinition Parse(string xml, int i) => DomainDocument.Parse(xml, $"host{i}.xml").ReadCpu()!;

    private CpuDefinition GuestOf(Random rng, List<CpuModel> models) => new()
    {
        Model = new CpuModelName(models[rng.Next(models.Count)].Name),
        Features = _catalog.Features.Where(_ => rng.Next(40) == 0)
            .Select(f => new CpuFeature(f.Name, rng.Next(3) == 0 ? FeaturePolicy.Disable : FeaturePolicy.Require)).ToImmutableArray(),
    };
}

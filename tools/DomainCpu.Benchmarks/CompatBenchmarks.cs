using System.Collections.Immutable;
using System.Text;
using BenchmarkDotNet.Attributes;
using DomainCpu.Catalog;
using DomainCpu.Compat;
using DomainCpu.Model;
using DomainCpu.Xml;

namespace DomainCpu.Benchmarks;

/// <summary>
/// Baseline of 10,000 parsed host CPUs and compare of 100,000 host/guest pairs. The catalog is the cpu_map in
/// DOMAINCPU_CPU_MAP when set (e.g. libvirt's), else the repository's golden-test map; hosts are random but
/// seeded: a model of the catalog plus random extra features, written as XML and parsed back.
/// </summary>
[MemoryDiagnoser]
public class CompatBenchmarks
{
    private CpuCatalog _catalog = null!;
    private List<CpuDefinition> _hosts = null!;
    private List<(CpuDefinition Host, CpuDefinition Guest)> _pairs = null!;

    [GlobalSetup]
    public void Setup()
    {
        _catalog = LibvirtCpuMap.LoadDirectory(Environment.GetEnvironmentVariable("DOMAINCPU_CPU_MAP") ?? Path.Combine(RepoRoot(), "testdata", "cpu-map-mini"));
        var rng = new Random(42);
        var intel = _catalog.Models.Where(m => m.Vendor?.Name == "Intel" && m.DecodeHost).ToList();
        _hosts = Enumerable.Range(0, 10_000).Select(i => Parse(HostXml(rng, intel), i)).ToList();
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
        foreach (var f in _catalog.Features)
        {
            if (!model.Features.Contains(f.Index) && rng.Next(8) == 0) sb.Append($"  <feature name='{f.Name}'/>\n");
        }
        return sb.Append("</cpu>\n").ToString();
    }

    private static CpuDefinition Parse(string xml, int i) => DomainDocument.Parse(xml, $"host{i}.xml").ReadCpu()!;

    private CpuDefinition GuestOf(Random rng, List<CpuModel> models) => new()
    {
        Model = new CpuModelName(models[rng.Next(models.Count)].Name),
        Features = _catalog.Features.Where(_ => rng.Next(40) == 0)
            .Select(f => new CpuFeature(f.Name, rng.Next(3) == 0 ? FeaturePolicy.Disable : FeaturePolicy.Require)).ToImmutableArray(),
    };

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DomainCpu.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (DomainCpu.sln)");
    }
}

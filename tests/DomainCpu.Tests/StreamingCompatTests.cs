using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Tests.Support;
using DomainCpu.X86;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The streaming forms of baseline and compare: <see cref="BaselineBuilder"/> reports libvirt's refusal
/// whatever the order of the CPUs that cause one, and tells which CPU it is about; a CPU prepared once compares with
/// every host as the CPU itself does, refusals included.</summary>
[TestFixture]
public class StreamingCompatTests
{
    private static readonly CpuCatalog Map = LibvirtCpuMap.LoadDirectory(Path.Combine(Golden.Root, "testdata", "cpu-map-mini"));

    private static CpuDefinition Host(string model, string? vendor = "Intel", params string[] features) => new()
    {
        Type = CpuType.Host,
        Arch = "x86_64",
        Model = model.Length == 0 ? null : new CpuModelName(model),
        Vendor = vendor,
        Features = features.Select(f => new CpuFeature(f, null)).ToImmutableArray(),
    };

    private static string IntelModel => Map.Models.First(m => m.Vendor?.Name == "Intel").Name;

    private static string AmdModel => Map.Models.First(m => m.Vendor?.Name == "AMD").Name;

    [Test]
    public void ACpuWithoutModelOutranksAnEarlierRefusal()
    {
        var builder = new BaselineBuilder(Map);
        Assert.That(builder.Add(Host(IntelModel)), Is.Null);
        var unknown = builder.Add(Host(IntelModel, "Intel", "no-such-feature"));
        Assert.That(unknown?.Diagnostic.Id, Is.EqualTo("DC1002"));
        Assert.That(builder.Add(Host(IntelModel, "Intel", "another-unknown")), Is.Null, "the x86 pass stops at the first refusal");
        var noModel = builder.Add(Host(""));
        Assert.That(noModel?.Message, Is.EqualTo("no CPU model specified at index 3"));
        Assert.That(builder.Add(Host("")), Is.Null, "only the first CPU without a model is the subject");
        var thrown = Assert.Throws<DomainCpuException>(() => builder.Build());
        Assert.That(thrown, Is.SameAs(noModel));
    }

    [Test]
    public void TheRefusalBuildThrowsIsTheOneAddReturned()
    {
        var builder = new BaselineBuilder(Map);
        builder.Add(Host(IntelModel));
        var mismatch = builder.Add(Host(AmdModel, "AMD"));
        builder.Add(Host(IntelModel, "Intel", "no-such-feature"));
        Assert.That(mismatch?.Diagnostic.Id, Is.EqualTo("DC1013"));
        Assert.That(Assert.Throws<DomainCpuException>(() => builder.Build()), Is.SameAs(mismatch));
    }

    [Test]
    public void AnEmptyBuilderRefusesAndAFullOneBuildsWhatComputeGives([Values(3, 4)] int seed)
    {
        Assert.That(Assert.Throws<DomainCpuException>(() => new BaselineBuilder(Map).Build())!.Diagnostic.Id, Is.EqualTo("DC1010"));
        var rng = new Random(seed);
        var intel = Map.Models.Where(m => m.Vendor?.Name == "Intel").ToList();
        var hosts = Enumerable.Range(0, 30).Select(_ => Host(intel[rng.Next(intel.Count)].Name, "Intel",
            Map.Features.Where(_ => rng.Next(5) == 0).Select(f => f.Name).ToArray())).ToList();
        var builder = new BaselineBuilder(Map, new BaselineOptions(ExpandFeatures: true));
        foreach (var h in hosts) Assert.That(builder.Add(h), Is.Null);
        Assert.That(builder.Count, Is.EqualTo(30));
        Assert.That(builder.Build(), Is.EqualTo(Baseline.Compute(Map, hosts, new BaselineOptions(ExpandFeatures: true))));
        Assert.That(builder.Build(), Is.EqualTo(builder.Build()), "Build leaves the builder as it was");
    }

    [Test]
    public void APreparedCpuComparesAsTheCpuDoes([Values(1, 2)] int seed)
    {
        var rng = new Random(seed);
        var names = Map.Features.Select(f => f.Name).Append("no-such-feature").ToList();
        var models = Map.Models.Select(m => m.Name).Append("no-such-model").ToList();
        for (var i = 0; i < 300; i++)
        {
            var host = Host(rng.Next(20) == 0 ? "" : models[rng.Next(models.Count)], rng.Next(5) == 0 ? "AMD" : "Intel",
                names.Where(_ => rng.Next(6) == 0).Distinct().ToArray());
            var guest = new CpuDefinition
            {
                Model = new CpuModelName(models[rng.Next(models.Count)]),
                Match = rng.Next(4) == 0 ? CpuMatch.Strict : null,
                Vendor = rng.Next(6) == 0 ? "AMD" : null,
                Features = names.Where(_ => rng.Next(12) == 0).Distinct()
                    .Select(f => new CpuFeature(f, (FeaturePolicy)rng.Next(5))).ToImmutableArray(),
            };
            var prepared = Comparer.Prepare(Map, guest);
            Assert.That(Outcome(() => Comparer.Compare(Map, host, prepared)), Is.EqualTo(Outcome(() => Comparer.Compare(Map, host, guest))));
        }
    }

    [Test]
    public void APreparedCpuBelongsToItsCatalog()
    {
        var other = LibvirtCpuMap.LoadDirectory(Path.Combine(Golden.Root, "testdata", "cpu-map-mini"));
        var prepared = Comparer.Prepare(Map, new CpuDefinition { Model = new CpuModelName(IntelModel) });
        Assert.Throws<ArgumentException>(() => Comparer.Compare(other, Host(IntelModel), prepared));
    }

    private static string Outcome(Func<CompareResult> compare)
    {
        try
        {
            var r = compare();
            return $"{r.Result} missing={string.Join(",", r.Missing)} extra={string.Join(",", r.Extra)} {r.Reason}";
        }
        catch (DomainCpuException ex)
        {
            return $"refused [{ex.Diagnostic.Id}] {ex.Message}";
        }
    }
}

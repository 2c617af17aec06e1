using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Compat;
using DomainCpu.Model;
using DomainCpu.Tests.Support;
using NUnit.Framework;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.X86;

namespace DomainCpu.Tests;

/// <summary>Properties of baseline and compare over random host pools of the golden-test map: the baseline runs on
/// every host it was computed from, it does not depend on the order of the hosts' features, and a host is
/// identical to itself.</summary>
[TestFixture]
public class BaselinePropertyTests
{
    private static readonly CpuCatalog Map = LibvirtCpuMap.LoadDirectory(Path.Combine(Golden.Root, "testdata", "cpu-map-mini"));

    private static CpuDefinition RandomHost(Random rng, string vendor)
    {
        var models = Map.Models.Where(m => m.Vendor?.Name == vendor).ToList();
        var model = models[rng.Next(models.Count)];
        var extra = Map.Features.Where(f => !model.Features.Contains(f.Index) && rng.Next(4) == 0).Select(f => new CpuFeature(f.Name, null));
        return new CpuDefinition { Type = CpuType.Host, Arch = "x86_64", Model = new CpuModelName(model.Name), Vendor = vendor, Features = extra.ToImmutableArray() };
    }

    [Test]
    public void BaselineRunsOnEveryInputHost([Values(1, 2, 3, 4, 5)] int seed)
    {
        var rng = new Random(seed);
        for (var i = 0; i < 40; i++)
        {
            var vendor = rng.Next(3) == 0 ? "AMD" : "Intel";
            var hosts = Enumerable.Range(0, rng.Next(1, 6)).Select(_ => RandomHost(rng, vendor)).ToList();
            var baseline = Baseline.Compute(Map, hosts);
            foreach (var h in hosts)
            {
                var r = Comparer.Compare(Map, h, baseline);
                Assert.That(r.Result, Is.Not.EqualTo(CompareVerdict.Incompatible), $"{r.Reason}\n{Xml.CpuXmlWriter.Write(baseline)}");
            }
            var shuffled = hosts.Select(h => h with { Features = h.Features.Reverse().ToImmutableArray() }).ToList();
            Assert.That(Baseline.Compute(Map, shuffled), Is.EqualTo(baseline), "feature order of the inputs must not matter");
        }
    }

    [Test]
    public void EveryHostIsIdenticalToItself([Values(7, 8)] int seed)
    {
        var rng = new Random(seed);
        for (var i = 0; i < 50; i++)
        {
            var h = RandomHost(rng, rng.Next(2) == 0 ? "AMD" : "Intel");
            Assert.That(Comparer.Compare(Map, h, h).Result, Is.EqualTo(CompareVerdict.Identical));
        }
    }
}

using DomainCpu.Catalog;
using DomainCpu.Tests.Support;
using NUnit.Framework;
using DomainCpu.Catalog.Libvirt;

namespace DomainCpu.Tests;

/// <summary>The catalog's dense bits give what the sorted-item data gives, on random data.</summary>
[TestFixture]
public class CatalogBitsTests
{
    [TestCase("golden map")]
    [TestCase("default models")]
    public void DenseFeatureListsMatchTheItemData(string which)
    {
        var catalog = which == "default models" ? LibvirtCpu.DefaultModels
            : LibvirtCpuMap.LoadDirectory(Path.Combine(Golden.Root, "testdata", "cpu-map-mini"));
        var rng = new Random(11);
        for (var i = 0; i < 200; i++)
        {
            // Random unions of features and models, with a few random bits and a key no feature uses.
            var data = X86Data.Of(X86Key.Msr(0x12345678), new X86Regs((uint)rng.Next(), 0, 0, 0));
            foreach (var f in catalog.Features) if (rng.Next(4) == 0) data = data.Union(f.Data);
            if (rng.Next(2) == 0) data = data.Union(catalog.Models[rng.Next(catalog.Models.Length)].Data);
            data = data.Union(X86Data.Of(X86Key.Cpuid(7), new X86Regs(0, (uint)rng.Next(), 0, 0)));
            var names = catalog.Features.Where(f => data.Contains(f.Data)).Select(f => f.Name);
            Assert.That(catalog.FeatureNamesIn(data), Is.EqualTo(names), $"case {i}");
            Assert.That(catalog.FeaturesOf(data), Is.EqualTo(catalog.FeaturesOf(data, out _)), $"case {i}");
            var dense = catalog.Bits.Layout.Dense(data);
            Assert.That(catalog.Bits.Layout.Dense(catalog.Bits.Layout.ToData(dense)), Is.EqualTo(dense), $"case {i}: round trip");
        }
    }
}

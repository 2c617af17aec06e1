using System.Text;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.CatalogGen;
using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>The embedded tables of libvirt's CPU models (schemas/libvirt-cpu-map-RELEASE.xml) against the cpu_maps of
/// libvirt 9.0, 11.3 and 12.8: <c>tools/catalog-gen cpu-maps</c> run over them writes the committed files byte for byte, and each
/// release the library reads from the embedded table is the catalog its cpu_map directory gives (vendors, features with
/// their data, models with every field), so a target without a cpu_map answers as with one.</summary>
[TestFixture]
public sealed class CpuMapTableTests
{
    private static readonly (string Libvirt, string Folder)[] Releases = [("9.0", "libvirt-9.0"), ("11.3", "libvirt-11.3"), ("12.8", "libvirt-12.8")];

    private static string CpuMap(string folder) => Path.Combine(Corpus.Release(folder), "cpu_map");

    [Test]
    public void Generator_reproduces_the_committed_table_byte_for_byte()
    {
        var generated = CpuMapTableGenerator.Run(new CpuMapTableOptions(Releases.Select(r => (r.Libvirt, CpuMap(r.Folder))).ToList(), "-"));
        Assert.That(generated.Select(g => g.File), Is.EquivalentTo(
            Directory.GetFiles(Path.Combine(Repository.Root, "schemas"), "libvirt-cpu-map-*.xml").Select(Path.GetFileName)));
        Assert.Multiple(() =>
        {
            foreach (var (file, bytes) in generated)
            {
                var committed = File.ReadAllBytes(Path.Combine(Repository.Root, "schemas", file));
                if (committed.AsSpan().SequenceEqual(bytes)) continue;
                var a = Encoding.UTF8.GetString(committed).Split('\n');
                var b = Encoding.UTF8.GetString(bytes).Split('\n');
                var i = 0;
                while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
                Assert.Fail($"schemas/{file} differs from the generator's output, first at line {i + 1}:\n" +
                    $"- {a.ElementAtOrDefault(i)}\n+ {b.ElementAtOrDefault(i)}\n(rerun tools/catalog-gen cpu-maps and review the change)");
            }
        });
    }

    [TestCase("9.0", "libvirt-9.0")]
    [TestCase("11.3", "libvirt-11.3")]
    [TestCase("12.8", "libvirt-12.8")]
    public void Embedded_release_equals_its_cpu_map(string libvirt, string folder)
    {
        var (major, minor) = (int.Parse(libvirt.Split('.')[0]), int.Parse(libvirt.Split('.')[1]));
        var embedded = EmbeddedCpuMaps.For(major, minor);
        Assert.Multiple(() =>
        {
            Assert.That(EmbeddedCpuMaps.ReleaseFor(major, minor), Is.EqualTo(libvirt));
            Assert.That(EmbeddedCpuMaps.Releases, Is.EqualTo(new[] { "9.0", "11.3", "12.8" }));
            Assert.That(CpuCatalogDifference.Of(LibvirtCpuMap.LoadDirectory(CpuMap(folder)), embedded), Is.Null);
        });
    }
}

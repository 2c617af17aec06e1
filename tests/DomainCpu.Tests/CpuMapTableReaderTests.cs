using System.Text;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Diagnostics;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The reader of the embedded cpu_map model tables (schemas/libvirt-cpu-map-RELEASE.xml): what it builds from a
/// small table, and that a malformed one is a DC0801 finding with its position.</summary>
[TestFixture]
public class CpuMapTableReaderTests
{
    private const string Table = """
        <cpuMaps format="1" xmlns="urn:domaincpu:libvirt-cpu-maps:1">
          <release libvirt="11.3">
            <vendor name="Intel" string="GenuineIntel" />
            <feature name="sse2"><cpuid leaf="0x1" subleaf="0x0" edx="0x4000000" /></feature>
            <feature name="invtsc" migratable="no"><cpuid leaf="0x80000007" subleaf="0x0" edx="0x100" /></feature>
            <feature name="arch-capabilities"><msr index="0x10a" eax="0x1" /></feature>
            <model name="Old" vendor="Intel" decode="host guest" canonical="Old-v1" removed="invtsc" features="sse2 arch-capabilities">
              <signature family="0x6" model="0x3c" stepping="0x8" />
            </model>
            <model name="Old-v1" vendor="Intel" decode="host" ancestor="Old" check="compat" added="invtsc" features="sse2 arch-capabilities" />
          </release>
        </cpuMaps>
        """;

    private static Catalog.CpuCatalog Read(string xml, string release = "11.3") =>
        CpuMapTableReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "table.xml", release);

    [Test]
    public void ATableGivesItsReleasesModelsResolved()
    {
        var c = Read(Table);
        var old = c.FindModel("Old")!;
        var v1 = c.FindModel("Old-v1")!;
        Assert.Multiple(() =>
        {
            Assert.That(c.Features.Select(f => f.Name), Is.EqualTo(new[] { "sse2", "invtsc", "arch-capabilities" }));
            Assert.That(c.FindFeature("invtsc")!.Migratable, Is.False);
            Assert.That(old.Data, Is.EqualTo(c.FindFeature("sse2")!.Data.Union(c.FindFeature("arch-capabilities")!.Data)));
            Assert.That(old.Canonical, Is.EqualTo("Old-v1"));
            Assert.That(old.RemovedFeatures, Is.EqualTo(new[] { "invtsc" }));
            Assert.That(old.MatchesSignature(0x306c3), Is.True);
            Assert.That(old.MatchesSignature(0x306c4), Is.False, "the bitmap 0x8 holds stepping 3 only");
            Assert.That((v1.Ancestor, v1.DecodeHost, v1.DecodeGuest, v1.CompatCheck), Is.EqualTo(("Old", true, false, true)));
            Assert.That(v1.AddedFeatures, Is.EqualTo(new[] { "invtsc" }));
            Assert.That(v1.Data.Contains(c.FindFeature("invtsc")!.Data), Is.False, "added features stay out of the data");
        });
    }

    [TestCase("12.8", "the table holds no libvirt 12.8")]
    public void AReleaseTheTableLacksIsAFinding(string release, string why)
    {
        var ex = Assert.Throws<DomainCpuException>(() => Read(Table, release))!;
        Assert.That((ex.Diagnostic.Id, ex.Diagnostic.Message), Is.EqualTo(("DC0801", why)));
    }

    [TestCase("features=\"sse2 arch-capabilities\">", "features=\"sse2 no-such\">", "model Old: unknown feature no-such", 7)]
    [TestCase("<cpuid leaf=\"0x1\" subleaf=\"0x0\" edx=\"0x4000000\" />", "<cpuid leaf=\"1\" subleaf=\"0x0\" />", "leaf='1' is not a hexadecimal number", 4)]
    [TestCase("vendor=\"Intel\" decode=\"host guest\"", "vendor=\"AMD\" decode=\"host guest\"", "model Old: unknown vendor AMD", 7)]
    public void AMalformedTableIsAFindingWithItsLine(string from, string to, string why, int line)
    {
        var ex = Assert.Throws<DomainCpuException>(() => Read(Table.Replace(from, to)))!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Diagnostic.Id, Is.EqualTo("DC0801"));
            Assert.That(ex.Diagnostic.Message, Does.Contain(why));
            Assert.That(ex.Diagnostic.Line, Is.EqualTo(line));
        });
    }
}

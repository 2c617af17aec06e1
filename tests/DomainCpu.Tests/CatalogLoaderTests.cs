using System.Text;
using DomainCpu.Catalog;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Diagnostics;
using DomainCpu.Model;

namespace DomainCpu.Tests;

/// <summary>The libvirt cpu_map reader: what it builds and what it refuses (SPEC §8).</summary>
[TestFixture]
public class CatalogLoaderTests
{
    private const string Index = "<cpus><arch name='x86'><include filename='v.xml'/><include filename='f.xml'/><include filename='m.xml'/></arch></cpus>";
    private const string Vendors = "<cpus><vendor name='Intel' string='GenuineIntel'/><vendor name='AMD' string='AuthenticAMD'/></cpus>";
    private const string Features = """
        <cpus>
          <feature name='fpu'><cpuid eax_in='0x01' edx='0x00000001'/></feature>
          <feature name='sse4.2'><alias name='sse4_2' source='linux'/><cpuid eax_in='1' ecx='0x00100000'/></feature>
          <feature name='invtsc' migratable='no'><cpuid eax_in='0x80000007' edx='0x100'/></feature>
          <feature name='avx512f'><cpuid eax_in='07' ecx_in='0' ebx='65536'/></feature>
          <feature name='rdctl-no'><msr index='0x10a' edx='0' eax='1'/></feature>
        </cpus>
        """;
    private const string Models = """
        <cpus>
          <model name='A'><decode host='on' guest='on'/><signature family='6' model='60' stepping='0-3,^2'/><vendor name='Intel'/><feature name='fpu'/></model>
          <model name='B'><decode host='on' guest='off'/><model name='A'/><feature name='sse4.2'/><feature name='avx512f' removed='yes'/></model>
          <model name='C'><decode host='off' guest='off'/><model name='B'/><signature family='25' model='1'/><vendor name='AMD'/></model>
        </cpus>
        """;

    private static CpuCatalog Load(string index = Index, string vendors = Vendors, string features = Features, string models = Models)
    {
        var files = new Dictionary<string, string> { ["index.xml"] = index, ["v.xml"] = vendors, ["f.xml"] = features, ["m.xml"] = models };
        return LibvirtCpuMap.Load(name => files.TryGetValue(name, out var t) ? Encoding.UTF8.GetBytes(t) : null);
    }

    [Test]
    public void BuildsFeaturesVendorsAndModelsInMapOrder()
    {
        var c = Load();
        Assert.Multiple(() =>
        {
            Assert.That(c.Features.Select(f => f.Name), Is.EqualTo(new[] { "fpu", "sse4.2", "invtsc", "avx512f", "rdctl-no" }));
            Assert.That(c.Features.Select(f => f.Index), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
            Assert.That(c.FindFeature("invtsc")!.Migratable, Is.False);
            Assert.That(c.FindFeature("sse4.2")!.Data.Get(X86Key.Cpuid(1)).Ecx, Is.EqualTo(0x00100000u));
            Assert.That(c.FindFeature("avx512f")!.Data.Get(X86Key.Cpuid(7)).Ebx, Is.EqualTo(65536u), "octal-looking 07 is leaf 7");
            Assert.That(c.FindFeature("rdctl-no")!.Data.Get(X86Key.Msr(0x10a)).Eax, Is.EqualTo(1u));
            Assert.That(c.Models.Select(m => m.Name), Is.EqualTo(new[] { "A", "B", "C" }));
        });
    }

    [Test]
    public void ChildModelsInheritDataVendorAndSignaturesButNotRemovedFeatures()
    {
        var c = Load();
        var b = c.FindModel("B")!;
        var cm = c.FindModel("C")!;
        Assert.Multiple(() =>
        {
            Assert.That(b.Features.Indices(), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(b.Data.Contains(c.FindFeature("fpu")!.Data), Is.True);
            Assert.That(b.Data.Contains(c.FindFeature("avx512f")!.Data), Is.False);
            Assert.That(b.RemovedFeatures, Is.EqualTo(new[] { "avx512f" }));
            Assert.That(b.Vendor!.Name, Is.EqualTo("Intel"));
            Assert.That(b.Signatures, Is.EqualTo(c.FindModel("A")!.Signatures));
            Assert.That(b is { DecodeHost: true, DecodeGuest: false });
            Assert.That(cm.Vendor!.Name, Is.EqualTo("AMD"));
            Assert.That(cm.Signatures.Single(), Is.EqualTo(new ModelSignature(25, 1, null)));
            Assert.That(cm.RemovedFeatures, Is.Empty);
            Assert.That(cm.Features.Indices(), Is.EqualTo(new[] { 0, 1 }));
        });
    }

    [Test]
    public void SteppingBitmapsRestrictSignatureMatches()
    {
        var a = Load().FindModel("A")!;
        Assert.That(a.Signatures.Single().Steppings, Is.EqualTo((ushort)0b1011));
        Assert.That(a.MatchesSignature(new CpuSignature(6, 60, 1).ToCpuidEax()), Is.True);
        Assert.That(a.MatchesSignature(new CpuSignature(6, 60, 2).ToCpuidEax()), Is.False);
        Assert.That(a.MatchesSignature(new CpuSignature(6, 60, 4).ToCpuidEax()), Is.False);
        Assert.That(a.MatchesSignature(new CpuSignature(6, 61, 0).ToCpuidEax()), Is.False);
        Assert.That(CpuSignature.FromCpuidEax(new CpuSignature(25, 1, 2).ToCpuidEax()), Is.EqualTo(new CpuSignature(25, 1, 2)));
        Assert.That(new CpuSignature(23, 49, 0).ToCpuidEax(), Is.EqualTo(0x00830f10u));
    }

    [TestCase("<cpus><vendor name='Intel' string='GenuineIntel'/><vendor name='Intel' string='GenuineIntel'/></cpus>", null, null, "CPU vendor Intel already defined")]
    [TestCase("<cpus><vendor name='Intel' string='Genuine'/></cpus>", null, null, "Invalid CPU vendor string 'Genuine'")]
    [TestCase(null, "<cpus><feature name='fpu'><cpuid eax_in='1' edx='1'/></feature><feature name='fpu'><cpuid eax_in='1' edx='2'/></feature></cpus>", null, "CPU feature fpu already defined")]
    [TestCase(null, "<cpus><feature name='fpu'><alias name='x' source='qemu'/></feature></cpus>", null, "no x86 CPU data found")]
    [TestCase(null, "<cpus><feature name='fpu'><cpuid eax_in='1' edx='0xzz'/></feature></cpus>", null, "Invalid cpuid[0]")]
    [TestCase(null, "<cpus><feature name='fpu'><msr index='0x10a' eax='1'/></feature></cpus>", null, "Invalid msr[0]")]
    [TestCase(null, null, "<cpus><model name='X'><feature name='fpu'/></model></cpus>", "missing decode element in CPU model X")]
    [TestCase(null, null, "<cpus><model name='X'><decode host='on' guest='maybe'/></model></cpus>", "Invalid value for attribute 'guest'")]
    [TestCase(null, null, "<cpus><model name='X'><decode host='on' guest='on'/><model name='Y'/></model></cpus>", "Ancestor model Y not found for CPU model X")]
    [TestCase(null, null, "<cpus><model name='X'><decode host='on' guest='on'/><vendor name='Via'/></model></cpus>", "Unknown vendor Via referenced by CPU model X")]
    [TestCase(null, null, "<cpus><model name='X'><decode host='on' guest='on'/><feature name='warp'/></model></cpus>", "Feature warp required by CPU model X not found")]
    [TestCase(null, null, "<cpus><model name='X'><decode host='on' guest='on'/><signature family='0' model='1'/></model></cpus>", "Invalid CPU signature family in model X")]
    [TestCase(null, null, "<cpus><model name='X'><decode host='on' guest='on'/><signature family='6' model='1' stepping='3-99'/></model></cpus>", "Failed to parse bitmap")]
    [TestCase(null, null, "<cpus><model name='X'><decode host='on' guest='on'/></model><model name='X'><decode host='on' guest='on'/></model></cpus>", "Multiple definitions of CPU model 'X'")]
    public void RefusesInvalidMaps(string? vendors, string? features, string? models, string message)
    {
        var ex = Assert.Throws<DomainCpuException>(() => Load(vendors: vendors ?? Vendors, features: features ?? Features, models: models ?? Models))!;
        Assert.That(ex.Diagnostic.Message, Does.Contain(message));
        Assert.That(ex.Diagnostic.Line, Is.GreaterThan(0), "findings carry a position");
    }

    [Test]
    public void RefusesMissingFilesAndArch()
    {
        Assert.That(Assert.Throws<DomainCpuException>(() => Load(index: "<cpus><arch name='x86'><include filename='nope.xml'/></arch></cpus>"))!.Message,
            Does.Contain("cannot read CPU map file 'nope.xml'"));
        Assert.That(Assert.Throws<DomainCpuException>(() => Load(index: "<cpus><arch name='ppc64'/></cpus>"))!.Message,
            Does.Contain("cannot find CPU map for x86 architecture"));
    }

    [Test]
    public void TheGoldenTestMapLoads()
    {
        var c = LibvirtCpuMap.LoadDirectory(Path.Combine(Golden.Root, "testdata", "cpu-map-mini"));
        Assert.That(c.Models.Select(m => m.Name), Does.Contain("Lake-3-noTSX"));
        Assert.That(c.FindModel("Peak-2")!.RemovedFeatures, Is.EqualTo(new[] { "monitor" }));
    }
}

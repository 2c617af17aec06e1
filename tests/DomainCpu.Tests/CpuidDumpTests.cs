using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Diagnostics;

namespace DomainCpu.Tests;

[TestFixture]
public class CpuidDumpTests
{
    private const string Sample = """
        <!-- Sample CPU -->
        <cpudata arch='x86'>
          <cpuid eax_in='0x00000001' ecx_in='0x00' eax='0x000306c3' ebx='0x02100800' ecx='0x7ffafbff' edx='0xbfebfbff'/>
          <cpuid eax_in='0x00000000' ecx_in='0x00' eax='0x0000000d' ebx='0x756e6547' ecx='0x6c65746e' edx='0x49656e69'/>
          <cpuid eax_in='0x00000007' ecx_in='0x00' eax='0x00000000' ebx='0x000027ab' ecx='0x00000000' edx='0x9c000000'/>
          <msr index='0x10a' edx='0x00000000' eax='0x0000000b'/>
        </cpudata>
        """;

    [Test]
    public void ReadsLeavesAndMsrsInDocumentOrder()
    {
        var data = CpuidDump.Parse(Sample, "sample.xml");
        Assert.That(data.Leaves.Select(l => l.EaxIn), Is.EqualTo(new uint[] { 1, 0, 7 }));
        Assert.That(data.Leaves[0], Is.EqualTo(new CpuidLeaf(1, 0, 0x000306c3, 0x02100800, 0x7ffafbff, 0xbfebfbff)));
        Assert.That(data.Msrs, Is.EqualTo(new[] { new MsrValue(0x10a, 0xb, 0) }));
    }

    [Test]
    public void WritesSortedInLibvirtsFormatAndReadsBackTheSame()
    {
        var data = CpuidDump.Parse(Sample, "sample.xml");
        var text = CpuidDump.Write(data, "Sample CPU");
        Assert.That(text, Is.EqualTo("""
            <!-- Sample CPU -->
            <cpudata arch='x86'>
              <cpuid eax_in='0x00000000' ecx_in='0x00' eax='0x0000000d' ebx='0x756e6547' ecx='0x6c65746e' edx='0x49656e69'/>
              <cpuid eax_in='0x00000001' ecx_in='0x00' eax='0x000306c3' ebx='0x02100800' ecx='0x7ffafbff' edx='0xbfebfbff'/>
              <cpuid eax_in='0x00000007' ecx_in='0x00' eax='0x00000000' ebx='0x000027ab' ecx='0x00000000' edx='0x9c000000'/>
              <msr index='0x10a' edx='0x00000000' eax='0x0000000b'/>
            </cpudata>

            """.Replace("\r\n", "\n")));
        Assert.That(CpuidDump.Parse(text), Is.EqualTo(CpuidDataOps.Normalize(data)));
    }

    [Test]
    public void DuplicateLeavesAreOredAndZeroLeavesDropped()
    {
        var data = CpuidDump.Parse("""
            <cpudata arch='x86'>
              <cpuid eax_in='1' eax='0x10'/>
              <cpuid eax_in='0x1' ecx_in='0' eax='0x01' edx='0x8'/>
              <cpuid eax_in='0x2'/>
            </cpudata>
            """);
        var n = CpuidDataOps.Normalize(data);
        Assert.That(n.Leaves, Is.EqualTo(new[] { new CpuidLeaf(1, 0, 0x11, 0, 0, 8) }));
        Assert.That(data.Find(1), Is.EqualTo(new CpuidLeaf(1, 0, 0x11, 0, 0, 8)));
        Assert.That(data.Find(3), Is.Null);
    }

    [TestCase("0x1f", 31u)]
    [TestCase("0X1F", 31u)]
    [TestCase("017", 15u)]
    [TestCase("42", 42u)]
    [TestCase("0", 0u)]
    [TestCase("0xffffffff", 0xffffffffu)]
    public void NumbersUseCNotation(string raw, uint expected) => Assert.That(CpuidDump.ParseC(raw), Is.EqualTo(expected));

    [TestCase("0x100000000")]
    [TestCase("08")]
    [TestCase("-1")]
    [TestCase("0x")]
    [TestCase("")]
    [TestCase("12abc")]
    public void BadNumbersAreRefused(string raw) => Assert.That(CpuidDump.ParseC(raw), Is.Null);

    [TestCase("<cpu/>", "DC0501", 1)]
    [TestCase("<cpudata/>", "DC0502", 1)]
    [TestCase("<cpudata arch='ppc64'><cpuid eax_in='1'/></cpudata>", "DC0502", 1)]
    [TestCase("<cpudata arch='x86'>\n</cpudata>", "DC0503", 1)]
    [TestCase("<cpudata arch='x86'>\n  <cpuid ecx_in='0'/>\n</cpudata>", "DC0504", 2)]
    [TestCase("<cpudata arch='x86'>\n  <cpuid eax_in='0x1' eax='zz'/>\n</cpudata>", "DC0504", 2)]
    [TestCase("<cpudata arch='x86'>\n  <msr index='0x10a' eax='1'/>\n</cpudata>", "DC0504", 2)]
    public void InvalidDumpsAreRefusedWithTheirPosition(string xml, string id, int line)
    {
        var ex = Assert.Throws<DomainCpuException>(() => CpuidDump.Parse(xml, "bad.xml"))!;
        Assert.That(ex.Diagnostic.Id, Is.EqualTo(id));
        Assert.That(ex.Diagnostic.File, Is.EqualTo("bad.xml"));
        Assert.That(ex.Diagnostic.Line, Is.EqualTo(line));
    }

    [Test]
    public void VendorAndBrandStringComeFromTheirLeaves()
    {
        var data = CpuidDump.Parse(Sample);
        Assert.That(CpuidVendor.Of(data), Is.EqualTo("GenuineIntel"));
        Assert.That(CpuidVendor.Leaf("GenuineIntel"), Is.EqualTo(new CpuidLeaf(0, 0, 0, 0x756e6547, 0x6c65746e, 0x49656e69)));
        Assert.That(data.BrandString(), Is.Null);
        var brand = "Test CPU @ 1.00GHz";
        var bytes = new byte[48];
        System.Text.Encoding.ASCII.GetBytes(brand).CopyTo(bytes, 0);
        var withBrand = data;
        for (var i = 0u; i < 3; i++)
        {
            var r = Enumerable.Range(0, 4).Select(k => BitConverter.ToUInt32(bytes, (int)(i * 16 + k * 4))).ToArray();
            withBrand = withBrand.With(new CpuidLeaf(0x80000002 + i, 0, r[0], r[1], r[2], r[3]));
        }
        Assert.That(withBrand.BrandString(), Is.EqualTo(brand));
    }

    [TestCase(0x00020652u, 6u, 37u, 2u)]
    [TestCase(0x00a00f11u, 25u, 1u, 1u)]
    [TestCase(0x00000f4au, 15u, 4u, 10u)]
    [TestCase(0x000306c3u, 6u, 60u, 3u)]
    public void SignatureDecodesAndEncodesLikeLibvirt(uint eax, uint family, uint model, uint stepping)
    {
        Assert.That(CpuSignature.FromCpuidEax(eax), Is.EqualTo(new CpuSignature(family, model, stepping)));
        Assert.That(new CpuSignature(family, model, stepping).ToCpuidEax(), Is.EqualTo(eax));
    }

    [Test]
    public void SignatureMasksTypeAndReservedBits()
    {
        var data = new CpuidData([new CpuidLeaf(1, 0, 0xf0003652, 0, 0, 0)], []);
        Assert.That(CpuidSignature.Raw(data), Is.EqualTo(0x00003652u));
        Assert.That(CpuidSignature.Of(data), Is.EqualTo(new CpuSignature(6, 5, 2)));
        Assert.That(CpuidSignature.Of(new CpuidData([], [])), Is.Null);
    }
}

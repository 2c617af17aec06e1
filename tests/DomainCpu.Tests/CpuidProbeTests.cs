using System.Runtime.InteropServices;
using DomainCpu.Host;
using DomainCpu.Model;
using NUnit.Framework;

namespace DomainCpu.Tests;

[TestFixture]
public class CpuidProbeTests
{
    /// <summary>A made-up CPU: answers from a table, zeros for anything else (as real CPUs do for unknown subleaves).</summary>
    private static Func<uint, uint, CpuidLeaf> Cpu(params CpuidLeaf[] leaves)
    {
        var table = leaves.ToDictionary(l => (l.EaxIn, l.EcxIn));
        return (a, c) => table.TryGetValue((a, c), out var l) ? l : new CpuidLeaf(a, c, 0, 0, 0, 0);
    }

    private static IEnumerable<(uint, uint)> Keys(CpuidData d) => d.Leaves.Select(l => (l.EaxIn, l.EcxIn));

    [Test]
    public void EnumeratesBasicAndExtendedRangesUpToTheirMaxima()
    {
        var d = CpuidProbe.Enumerate(Cpu(
            new CpuidLeaf(0, 0, 2, 1, 2, 3), new CpuidLeaf(1, 0, 0x10, 0, 0, 0), new CpuidLeaf(2, 0, 1, 0, 0, 0),
            new CpuidLeaf(3, 0, 9, 9, 9, 9),
            new CpuidLeaf(0x80000000, 0, 0x80000001, 0, 0, 0), new CpuidLeaf(0x80000001, 0, 0, 0, 1, 0)));
        Assert.That(Keys(d), Is.EqualTo(new[] { (0u, 0u), (1u, 0u), (2u, 0u), (0x80000000u, 0u), (0x80000001u, 0u) }));
        Assert.That(d.Msrs, Is.Empty);
    }

    [Test]
    public void FollowsLibvirtsSubleafRules()
    {
        var d = CpuidProbe.Enumerate(Cpu(
            new CpuidLeaf(0, 0, 0x17, 0, 0, 0),
            // 0x4: subleaves while eax[4:0] (cache type) is non-zero; the first zero one is still recorded
            new CpuidLeaf(4, 0, 0x121, 0, 0, 0), new CpuidLeaf(4, 1, 0x122, 0, 0, 0),
            // 0x7: eax of subleaf 0 is the last subleaf
            new CpuidLeaf(7, 0, 1, 0x4, 0, 0), new CpuidLeaf(7, 1, 0, 0, 0, 0x10),
            // 0xb: subleaves while ecx[15:8] (level type) is non-zero
            new CpuidLeaf(0xb, 0, 1, 2, 0x100, 0), new CpuidLeaf(0xb, 1, 4, 4, 0x201, 0),
            // 0xd: components 2..63 from subleaf 0 eax/edx and subleaf 1 ecx/edx
            new CpuidLeaf(0xd, 0, 0x7 | 1u << 5, 0, 0, 0), new CpuidLeaf(0xd, 1, 0xf, 0, 1u << 8, 0),
            // 0xf: ResIDs from subleaf 0 edx; 0x10 from subleaf 0 ebx
            new CpuidLeaf(0xf, 0, 0, 0, 0, 0x2), new CpuidLeaf(0x10, 0, 0, 0xa, 0, 0),
            // 0x12 only with SGX (leaf 7 ebx bit 2, set above): 0, 1, then from 2 while eax[3:0] != 0
            new CpuidLeaf(0x12, 2, 1, 0, 0, 0),
            // 0x14: eax of subleaf 0 is the last subleaf
            new CpuidLeaf(0x14, 0, 1, 0, 0, 0),
            // 0x17 only when eax >= 3 (here 2: skipped entirely)
            new CpuidLeaf(0x17, 0, 2, 0, 0, 0)));
        var keys = Keys(d).Where(k => k.Item1 != 0 && k.Item1 < 0x80000000).ToList();
        var expected = new List<(uint, uint)>
        {
            (1, 0), (2, 0), (3, 0), (4, 0), (4, 1), (4, 2), (5, 0), (6, 0), (7, 0), (7, 1), (8, 0), (9, 0), (0xa, 0),
            (0xb, 0), (0xb, 1), (0xc, 0), (0xd, 0), (0xd, 1), (0xd, 2), (0xd, 5), (0xd, 8), (0xe, 0), (0xf, 0), (0xf, 1),
            (0x10, 0), (0x10, 1), (0x10, 3), (0x11, 0), (0x12, 0), (0x12, 1), (0x12, 2), (0x13, 0), (0x14, 0), (0x14, 1),
            (0x15, 0), (0x16, 0),
        };
        Assert.That(keys, Is.EqualTo(expected));
    }

    [Test]
    public void NonsenseMaximaAreBounded()
    {
        var d = CpuidProbe.Enumerate((a, c) => new CpuidLeaf(a, c, a == 0 ? 0xffffffff : 0x1f, 0, 0xff00, 0));
        Assert.That(d.Leaves.Length, Is.LessThan(20000));
    }

    [Test]
    public void ReplayingADumpReproducesIt()
    {
        // A dump made the way libvirt collects, replayed as a CPU, must come back unchanged.
        var dump = CpuidDump.Parse("""
            <cpudata arch='x86'>
              <cpuid eax_in='0x00000000' ecx_in='0x00' eax='0x0000000d' ebx='0x756e6547' ecx='0x6c65746e' edx='0x49656e69'/>
              <cpuid eax_in='0x00000001' ecx_in='0x00' eax='0x000306c3' ebx='0x02100800' ecx='0x7ffafbff' edx='0xbfebfbff'/>
              <cpuid eax_in='0x00000004' ecx_in='0x00' eax='0x1c004121' ebx='0x01c0003f' ecx='0x0000003f' edx='0x00000000'/>
              <cpuid eax_in='0x00000004' ecx_in='0x01' eax='0x1c004122' ebx='0x01c0003f' ecx='0x0000003f' edx='0x00000000'/>
              <cpuid eax_in='0x00000004' ecx_in='0x02' eax='0x00000000' ebx='0x00000000' ecx='0x00000000' edx='0x00000000'/>
              <cpuid eax_in='0x00000007' ecx_in='0x00' eax='0x00000000' ebx='0x000027ab' ecx='0x00000000' edx='0x00000000'/>
              <cpuid eax_in='0x0000000d' ecx_in='0x00' eax='0x00000007' ebx='0x00000340' ecx='0x00000340' edx='0x00000000'/>
              <cpuid eax_in='0x0000000d' ecx_in='0x01' eax='0x00000001' ebx='0x00000000' ecx='0x00000000' edx='0x00000000'/>
              <cpuid eax_in='0x0000000d' ecx_in='0x02' eax='0x00000100' ebx='0x00000240' ecx='0x00000000' edx='0x00000000'/>
              <cpuid eax_in='0x80000000' ecx_in='0x00' eax='0x80000008' ebx='0x00000000' ecx='0x00000000' edx='0x00000000'/>
              <cpuid eax_in='0x80000001' ecx_in='0x00' eax='0x00000000' ebx='0x00000000' ecx='0x00000021' edx='0x2c100800'/>
              <cpuid eax_in='0x80000007' ecx_in='0x00' eax='0x00000000' ebx='0x00000000' ecx='0x00000000' edx='0x00000100'/>
              <cpuid eax_in='0x80000008' ecx_in='0x00' eax='0x00003027' ebx='0x00000000' ecx='0x00000000' edx='0x00000000'/>
            </cpudata>
            """);
        var table = dump.Leaves.ToDictionary(l => (l.EaxIn, l.EcxIn));
        var again = CpuidProbe.Enumerate((a, c) => table.TryGetValue((a, c), out var l) ? l : new CpuidLeaf(a, c, 0, 0, 0, 0));
        Assert.That(CpuidDataOps.Normalize(again), Is.EqualTo(CpuidDataOps.Normalize(dump)));
    }

    [Test]
    public void ProbesThisMachine()
    {
        var x86 = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;
        Assert.That(CpuidProbe.IsSupported, Is.EqualTo(x86));
        if (!x86)
        {
            Assert.Throws<PlatformNotSupportedException>(() => CpuidProbe.Probe());
            return;
        }
        var data = CpuidProbe.Probe();
        Assert.That(data.Find(0), Is.Not.Null);
        Assert.That(data.Find(1), Is.Not.Null);
        var vendor = CpuidVendor.Of(data);
        Assert.That(vendor, Has.Length.EqualTo(12));
        Assert.That(CpuidSignature.Of(data), Is.Not.Null);
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/cpuinfo")) return;

        // Linux reports the same CPUID: vendor, family/model/stepping and feature flags must agree.
        var info = File.ReadAllLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0)
            .Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        Assert.That(vendor, Is.EqualTo(info["vendor_id"]));
        var sig = CpuidSignature.Of(data)!;
        Assert.That(sig.Family.ToString(), Is.EqualTo(info["cpu family"]));
        Assert.That(sig.Model.ToString(), Is.EqualTo(info["model"]));
        Assert.That(sig.Stepping.ToString(), Is.EqualTo(info["stepping"]));
        var flags = info["flags"].Split(' ').ToHashSet();
        var bits = new (string Flag, uint Leaf, uint Sub, CpuidRegister Reg, int Bit)[]
        {
            ("fpu", 1, 0, CpuidRegister.Edx, 0), ("sse2", 1, 0, CpuidRegister.Edx, 26), ("sse4_2", 1, 0, CpuidRegister.Ecx, 20),
            ("hypervisor", 1, 0, CpuidRegister.Ecx, 31), ("avx2", 7, 0, CpuidRegister.Ebx, 5), ("lm", 0x80000001, 0, CpuidRegister.Edx, 29),
        };
        foreach (var b in bits)
        {
            Assert.That(data.HasBit(b.Leaf, b.Sub, b.Reg, b.Bit), Is.EqualTo(flags.Contains(b.Flag)), b.Flag);
        }
    }

    [Test]
    public void ArchCapabilitiesMsrIsReadOnlyWhenCpuidReportsIt()
    {
        var without = new CpuidData([new CpuidLeaf(7, 0, 0, 0, 0, 0)], []);
        var with = new CpuidData([new CpuidLeaf(7, 0, 0, 0, 0, 1u << 29)], []);
        var asked = 0;
        ulong? Read(uint index)
        {
            asked++;
            Assert.That(index, Is.EqualTo(HostMsrs.ArchCapabilities));
            return 0x1_0000_00ebUL;
        }
        Assert.That(HostMsrs.WithArchCapabilities(without, Read).Msrs, Is.Empty);
        Assert.That(asked, Is.EqualTo(0));
        Assert.That(HostMsrs.WithArchCapabilities(with, Read).Msrs, Is.EqualTo(new[] { new MsrValue(0x10a, 0xeb, 1) }));
        Assert.That(HostMsrs.WithArchCapabilities(with, _ => null).Msrs, Is.Empty);
    }

    [Test]
    public void NewerReleasesReadEveryMsrOfTheMapWhateverCpuidSays()
    {
        var without = new CpuidData([new CpuidLeaf(7, 0, 0, 0, 0, 0)], []);
        var asked = new List<uint>();
        ulong? Read(uint index)
        {
            asked.Add(index);
            return index == 0x48b ? null : 0x2_0000_0001UL;
        }
        var probed = HostMsrs.Probe(without, Targets.LibvirtProfile.Libvirt113, Support.NewerMap.Catalog, Read);
        Assert.Multiple(() =>
        {
            Assert.That(asked, Is.EqualTo(new[] { 0x480u, 0x48bu }), "each MSR of the map once, in map order");
            Assert.That(probed.Msrs, Is.EqualTo(new[] { new MsrValue(0x480, 1, 2) }), "an MSR that cannot be read is left out");
            Assert.That(HostMsrs.Probe(without, Targets.LibvirtProfile.Libvirt90, Support.NewerMap.Catalog, Read).Msrs, Is.Empty,
                "libvirt 9.0 reads only IA32_ARCH_CAPABILITIES, and only when CPUID reports it");
        });
    }
}

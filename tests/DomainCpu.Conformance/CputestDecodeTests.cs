using DomainCpu.Catalog;
using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using NUnit.Framework;
using DomainCpu.X86;

namespace DomainCpu.Conformance;

/// <summary>
/// The decode engine against libvirt's CPUID dumps: cpuid-host (decode as a host CPU) and cpuid-guest cases
/// whose model choice does not depend on QEMU's model list (json=JSON_NONE or JSON_HOST). These exercise the
/// model walk, signature matching, the TSX erratum filter and the disabled-feature weight quirk.
/// </summary>
[TestFixture]
public class CputestDecodeTests
{
    private const double Floor = 1.0;

    [Test]
    public void DecodedCpusMatchLibvirt()
    {
        var catalog = CputestSupport.Catalog;
        var total = new Dictionary<string, (int Pass, int Total)>();
        var misses = new List<string>();
        foreach (var row in Corpus.Cases("cputestdata"))
        {
            var kind = row[0];
            if (kind == "cpuid-guest" && row[4].StartsWith("json=JSON_MODELS", StringComparison.Ordinal)) continue;
            if (kind is not ("cpuid-host" or "cpuid-guest")) continue;
            string? problem;
            try
            {
                var data = CputestSupport.LoadCpuData(row[2]);
                var type = kind == "cpuid-host" ? CpuType.Host : CpuType.Guest;
                var cpu = X86Decoder.Decode(catalog, data, new DecodeRequest(type, Fallback: CpuFallback.Forbid));
                if (type == CpuType.Host) cpu = cpu with { Arch = "x86_64" };
                var got = CputestSupport.Format(cpu);
                var want = CputestSupport.Expected(row[5]);
                problem = got == want ? null : $"--- expected\n{want}--- got\n{got}";
            }
            catch (Exception ex)
            {
                problem = $"threw {ex.GetType().Name}: {ex.Message}";
            }
            var (p, t) = total.GetValueOrDefault(kind);
            total[kind] = (p + (problem is null ? 1 : 0), t + 1);
            if (problem is not null) misses.Add($"{kind} {row[2]}: {problem}");
        }
        foreach (var (kind, (p, t)) in total.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            TestContext.Out.WriteLine($"{kind,-15} {p,4}/{t,-5}  {(double)p / t,6:P0}");
        }
        foreach (var m in misses) TestContext.Out.WriteLine("MISS " + m);
        Assert.That(total.Keys, Is.EquivalentTo(new[] { "cpuid-host", "cpuid-guest" }));
        foreach (var (kind, (p, t)) in total)
        {
            Assert.That((double)p / t, Is.GreaterThanOrEqualTo(Floor), $"{kind}:\n{string.Join("\n", misses)}");
        }
    }
}

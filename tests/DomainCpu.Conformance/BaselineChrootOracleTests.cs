using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// Differential test of <c>domaincpu baseline --libvirt R --cpu-map MAP</c> against real <c>virsh -c test:///default
/// cpu-baseline</c> of libvirt 11.3 (Debian trixie) and 12.8 (Debian sid), each in its chroot with its own cpu_map
/// (the corpus' <c>libvirt-11.3/cpu_map</c> and <c>libvirt-12.8/cpu_map</c> are those maps). Random pools of 2 to 6
/// host CPUs of libvirt 11.3's cputestdata (libvirt 12.8's test data is not in the corpus; the host CPUs are data, the
/// release decides), a fixed seed, plain and <c>--features</c>, all in one virsh process per release. A pool virsh
/// refuses must be refused by us too (exit 1).
/// </summary>
[TestFixture]
public class BaselineChrootOracleTests
{
    private const int Seed = 20261;
    private const int Pools = 150;

    /// <summary>Pass-rate floors per release (they only go up).</summary>
    private static readonly Dictionary<string, double> Floors = new() { ["11.3"] = 1.0, ["12.8"] = 1.0 };

    [TestCase("trixie", "libvirt-11.3", "11.3")]
    [TestCase("sid", "libvirt-12.8", "12.8")]
    public void BaselineMatchesVirsh(string suite, string folder, string release)
    {
        var map = Path.Combine(Corpus.Release(folder), "cpu_map");
        var hosts = BaselinePools.HostCpus(Libvirt113Cputest.Data);
        Assert.That(hosts.Count, Is.GreaterThanOrEqualTo(20), "too few host CPUs in the corpus");
        var (files, cases) = BaselinePools.Draw(hosts, Seed, Pools);
        var oracle = ChrootVirsh.Run(suite, "test:///default", files, cases.Select(c => c.VirshCommand(c.File)).ToList());
        var dir = Directory.CreateTempSubdirectory("domaincpu-baseline-chroot-");
        try
        {
            foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir.FullName, name), text);
            int pass = 0, refused = 0;
            var misses = new List<string>();
            for (var i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                var want = Baseline(oracle.GetValueOrDefault(i, ""));
                var got = BaselinePools.RunOurs(["--libvirt", release, "--cpu-map", map], Path.Combine(dir.FullName, c.File), c.Features);
                if (want.Length == 0) refused++;
                if (got == want) pass++;
                else misses.Add($"{(c.Features ? "--features " : "")}{c.Label}:\n--- virsh\n{want}\n--- domaincpu\n{got}");
            }
            var rate = (double)pass / cases.Count;
            TestContext.Out.WriteLine($"| release | pass | total | rate | floor | refused by virsh |");
            TestContext.Out.WriteLine($"| libvirt {release} | {pass} | {cases.Count} | {rate:P1} | {Floors[release]:P1} | {refused} |");
            foreach (var m in misses.Take(10)) TestContext.Out.WriteLine("MISS " + m);
            Assert.That(refused, Is.LessThan(cases.Count / 2), "virsh refused most pools: the test would compare little");
            Assert.That(rate, Is.GreaterThanOrEqualTo(Floors[release]), string.Join("\n", misses.Take(5)));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    /// <summary>The <c>&lt;cpu&gt;</c> virsh printed ("" when it printed an error instead).</summary>
    private static string Baseline(string output)
    {
        var start = output.IndexOf("<cpu", StringComparison.Ordinal);
        var end = output.LastIndexOf("</cpu>", StringComparison.Ordinal);
        return start < 0 || end < start ? "" : output[start..(end + "</cpu>".Length)];
    }
}

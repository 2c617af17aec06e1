using System.Text;
using System.Xml.Linq;
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
        var hosts = HostCpuFiles();
        Assert.That(hosts.Count, Is.GreaterThanOrEqualTo(20), "too few host CPUs in the corpus");
        var rng = new Random(Seed);
        var files = new Dictionary<string, string>();
        var cases = new List<(string File, bool Features, string Label)>();
        for (var i = 0; i < Pools; i++)
        {
            var n = rng.Next(2, 7);
            // Mostly hosts of one vendor (mixed vendors are refused, which tests little), sometimes any.
            var first = hosts[rng.Next(hosts.Count)];
            var sameVendor = hosts.Where(h => h.Vendor == first.Vendor).ToList();
            var chosen = new[] { first }.Concat(Enumerable.Range(1, n - 1).Select(_ =>
                rng.Next(100) < 15 ? hosts[rng.Next(hosts.Count)] : sameVendor[rng.Next(sameVendor.Count)])).Select(h => h.File).ToList();
            var name = $"pool{i:D3}.xml";
            files[name] = string.Concat(chosen.Select(f => File.ReadAllText(f).Trim() + "\n"));
            var label = string.Join("+", chosen.Select(Path.GetFileNameWithoutExtension));
            cases.Add((name, false, label));
            cases.Add((name, true, label));
        }

        var oracle = ChrootVirsh.Run(suite, "test:///default", files, cases.Select(c => $"cpu-baseline {(c.Features ? "--features " : "")}{c.File}").ToList());
        var dir = Directory.CreateTempSubdirectory("domaincpu-baseline-chroot-");
        try
        {
            foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir.FullName, name), text);
            int pass = 0, refused = 0;
            var misses = new List<string>();
            for (var i = 0; i < cases.Count; i++)
            {
                var (file, features, label) = cases[i];
                var want = Baseline(oracle.GetValueOrDefault(i, ""));
                var got = RunOurs(release, map, Path.Combine(dir.FullName, file), features);
                if (want.Length == 0) refused++;
                if (got == want) pass++;
                else misses.Add($"{(features ? "--features " : "")}{label}:\n--- virsh\n{want}\n--- domaincpu\n{got}");
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

    /// <summary>libvirt 11.3's bare x86_64 host CPUs (a &lt;cpu&gt; with &lt;arch&gt;x86_64, no mode or match).</summary>
    private static List<(string File, string Vendor)> HostCpuFiles() =>
        Directory.GetFiles(Libvirt113Cputest.Data, "x86_64-*.xml").Order(StringComparer.Ordinal)
            .Select(f => (File: f, Root: XDocument.Load(f).Root!))
            .Where(x => x.Root.Name == "cpu" && (string?)x.Root.Element("arch") == "x86_64" && x.Root.Attribute("mode") is null && x.Root.Attribute("match") is null)
            .Select(x => (x.File, (string?)x.Root.Element("vendor") ?? "")).ToList();

    /// <summary>Our baseline through the CLI in-process: the XML, or "" when it refuses the pool.</summary>
    private static string RunOurs(string release, string map, string file, bool features)
    {
        var args = new List<string> { "baseline", "--libvirt", release, "--cpu-map", map };
        if (features) args.Add("--features");
        args.Add(file);
        var r = LifecycleCli.Run(Array.Empty<byte>(), args.ToArray());
        return r.ExitCode == 0 ? Encoding.UTF8.GetString(r.Stdout).Trim() : "";
    }
}

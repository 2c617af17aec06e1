using System.Text;
using System.Xml.Linq;

namespace DomainCpu.Conformance.Support;

/// <summary>
/// The baseline oracle tests' cases (<see cref="BaselineOracleTests"/> against the host's libvirt 9.0,
/// <see cref="BaselineChrootOracleTests"/> against libvirt 11.3 and 12.8 in chroots): random pools of 2 to 6 bare
/// x86_64 host CPUs drawn with a fixed seed, mostly of one vendor (mixed vendors are refused, which tests little),
/// each run plain and with <c>--features</c>; the <c>virsh cpu-baseline</c> command of each, in one batch, and our
/// answer through the CLI.
/// </summary>
internal static class BaselinePools
{
    /// <summary>One run: the pool's file name, whether with <c>--features</c>, and the host CPUs it holds.</summary>
    public sealed record Case(string File, bool Features, string Label)
    {
        /// <summary>The virsh command of the run, the pool file at <paramref name="path"/>.</summary>
        public string VirshCommand(string path) => $"cpu-baseline {(Features ? "--features " : "")}{path}";

        /// <summary>The run's name in a pass-rate table.</summary>
        public string Name(int index) => $"pool{index / 2:D3} {Label}";
    }

    /// <summary>The bare x86_64 host CPUs of a cputest data folder (a &lt;cpu&gt; with &lt;arch&gt;x86_64, no mode or
    /// match), with their vendors.</summary>
    public static List<(string File, string Vendor)> HostCpus(string folder) =>
        Directory.GetFiles(folder, "x86_64-*.xml").Order(StringComparer.Ordinal)
            .Select(f => (File: f, Root: XDocument.Load(f).Root!))
            .Where(x => x.Root.Name == "cpu" && (string?)x.Root.Element("arch") == "x86_64" && x.Root.Attribute("mode") is null && x.Root.Attribute("match") is null)
            .Select(x => (x.File, (string?)x.Root.Element("vendor") ?? "")).ToList();

    /// <summary>Draws <paramref name="pools"/> pools: each pool file's text by name (<c>pool000.xml</c>, …), and two
    /// runs per pool, plain then <c>--features</c>.</summary>
    public static (Dictionary<string, string> Files, List<Case> Cases) Draw(IReadOnlyList<(string File, string Vendor)> hosts, int seed, int pools)
    {
        var rng = new Random(seed);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var cases = new List<Case>();
        for (var i = 0; i < pools; i++)
        {
            var n = rng.Next(2, 7);
            var first = hosts[rng.Next(hosts.Count)];
            var sameVendor = hosts.Where(h => h.Vendor == first.Vendor).ToList();
            var chosen = new[] { first }.Concat(Enumerable.Range(1, n - 1).Select(_ =>
                rng.Next(100) < 15 ? hosts[rng.Next(hosts.Count)] : sameVendor[rng.Next(sameVendor.Count)])).Select(h => h.File).ToList();
            var name = $"pool{i:D3}.xml";
            files[name] = string.Concat(chosen.Select(f => File.ReadAllText(f).Trim() + "\n"));
            var label = string.Join("+", chosen.Select(Path.GetFileNameWithoutExtension));
            cases.Add(new Case(name, false, label));
            cases.Add(new Case(name, true, label));
        }
        return (files, cases);
    }

    /// <summary>Our baseline through the CLI in-process: the XML, or "" when it refuses the pool.</summary>
    /// <param name="target">The target options (<c>--cpu-map MAP</c>, <c>--libvirt R</c>).</param>
    /// <param name="file">The pool file.</param>
    /// <param name="features">Whether with <c>--features</c>.</param>
    public static string RunOurs(IEnumerable<string> target, string file, bool features)
    {
        var args = new List<string> { "baseline" };
        args.AddRange(target);
        if (features) args.Add("--features");
        args.Add(file);
        var r = LifecycleCli.Run([], [.. args]);
        return r.ExitCode == 0 ? Encoding.UTF8.GetString(r.Stdout).Trim() : "";
    }
}

using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using DomainCpu.Cli;
using DomainCpu.Conformance.Support;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// Differential test of <c>domaincpu baseline</c> against the live libvirt oracle <c>virsh -c test:///default
/// cpu-baseline</c> (libvirt 9.0's own map; its test driver applies no QEMU feature filter and refuses
/// --migratable). Random pools of 2 to 6 host CPUs from the corpus, a fixed seed, plain and --features, all
/// in one virsh process. virsh must be installed: without it the test fails.
/// </summary>
[TestFixture]
public class BaselineOracleTests
{
    private const int Seed = 20260;
    private const int Pools = 200;
    private static readonly KindFloor[] Floors = [new("plain", 100), new("--features", 100)];

    [Test]
    public void BaselineMatchesVirsh()
    {
        var hosts = HostCpuFiles();
        Assert.That(hosts.Count, Is.GreaterThanOrEqualTo(20), "too few host CPUs in the corpus");
        var dir = Directory.CreateTempSubdirectory("domaincpu-baseline-oracle-");
        try
        {
            var rng = new Random(Seed);
            var cases = new List<(string File, bool Features, string Label)>();
            for (var i = 0; i < Pools; i++)
            {
                var n = rng.Next(2, 7);
                // Mostly hosts of one vendor (mixed vendors are refused, which tests little), sometimes any.
                var first = hosts[rng.Next(hosts.Count)];
                var sameVendor = hosts.Where(h => h.Vendor == first.Vendor).ToList();
                var chosen = new[] { first }.Concat(Enumerable.Range(1, n - 1).Select(_ =>
                    rng.Next(100) < 15 ? hosts[rng.Next(hosts.Count)] : sameVendor[rng.Next(sameVendor.Count)])).Select(h => h.File).ToList();
                var file = Path.Combine(dir.FullName, $"pool{i:D3}.xml");
                File.WriteAllText(file, string.Concat(chosen.Select(f => File.ReadAllText(f).Trim() + "\n")));
                var label = string.Join("+", chosen.Select(Path.GetFileNameWithoutExtension));
                cases.Add((file, false, label));
                cases.Add((file, true, label));
            }

            var oracle = RunVirsh(cases.Select((c, i) => $"echo @@@{i}; cpu-baseline {(c.Features ? "--features " : "")}{c.File}"));
            var errors = 0;
            var table = new PassRateTable($"domaincpu baseline vs libvirt 9.0 virsh cpu-baseline, {Pools} random pools of libvirt-9.0 host CPUs", Floors);
            for (var i = 0; i < cases.Count; i++)
            {
                var (file, features, label) = cases[i];
                var want = oracle.GetValueOrDefault(i, "").Trim();
                var got = RunOurs(file, features);
                if (want.Length == 0) errors++;
                table.Count(features ? "--features" : "plain", $"pool{i / 2:D3} {label}", got == want, "\n" + UnifiedDiff.Create(want + "\n", got + "\n", "virsh", "domaincpu"));
            }
            TestContext.Out.WriteLine($"cases virsh refuses: {errors} of {cases.Count}");
            table.PrintAndAssert();
        }
        finally
        {
            dir.Delete(true);
        }
    }

    /// <summary>The corpus' bare x86_64 host CPUs (a &lt;cpu&gt; with &lt;arch&gt;x86_64, no mode or match).</summary>
    private static List<(string File, string Vendor)> HostCpuFiles() =>
        Directory.GetFiles(CputestSupport.Dir, "x86_64-*.xml").Order(StringComparer.Ordinal)
            .Select(f => (File: f, Root: XDocument.Load(f).Root!))
            .Where(x => x.Root.Name == "cpu" && (string?)x.Root.Element("arch") == "x86_64" && x.Root.Attribute("mode") is null && x.Root.Attribute("match") is null)
            .Select(x => (x.File, (string?)x.Root.Element("vendor") ?? "")).ToList();

    /// <summary>Our baseline through the CLI in-process: the XML, or "" when it refuses the pool.</summary>
    private static string RunOurs(string file, bool features)
    {
        var args = new List<string> { "--cpu-map", Path.Combine(Support.Corpus.Libvirt90, "cpu_map"), "baseline" };
        if (features) args.Add("--features");
        args.Add(file);
        using var stdin = new MemoryStream();
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var code = DomainCpu.Cli.Program.Run(args.ToArray(), new CliContext(stdin, stdout, stderr));
        return code == 0 ? Encoding.UTF8.GetString(stdout.ToArray()).Trim() : "";
    }

    /// <summary>Runs all commands in one virsh process; the output of command i follows the marker @@@i.</summary>
    private static Dictionary<int, string> RunVirsh(IEnumerable<string> commands)
    {
        var psi = new ProcessStartInfo("virsh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("test:///default");
        psi.ArgumentList.Add(string.Join("; ", commands.Append("echo @@@end")));
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"virsh (libvirt clients) is required for this test and could not be started: {ex.Message}");
            throw;
        }
        using (process)
        {
            var errTask = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var errors = errTask.Result;
            Assert.That(output, Does.Contain("@@@end"), $"virsh did not run every command: {errors}");
            return ChrootVirsh.Split(output);
        }
    }
}

using System.Diagnostics;
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
        var hosts = BaselinePools.HostCpus(CputestSupport.Dir);
        Assert.That(hosts.Count, Is.GreaterThanOrEqualTo(20), "too few host CPUs in the corpus");
        var (files, cases) = BaselinePools.Draw(hosts, Seed, Pools);
        var dir = Directory.CreateTempSubdirectory("domaincpu-baseline-oracle-");
        try
        {
            foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir.FullName, name), text);
            string PathOf(BaselinePools.Case c) => Path.Combine(dir.FullName, c.File);
            var oracle = RunVirsh(cases.Select((c, i) => $"echo @@@{i}; {c.VirshCommand(PathOf(c))}"));
            var errors = 0;
            var table = new PassRateTable($"domaincpu baseline vs libvirt 9.0 virsh cpu-baseline, {Pools} random pools of libvirt-9.0 host CPUs", Floors);
            for (var i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                var want = oracle.GetValueOrDefault(i, "").Trim();
                var got = BaselinePools.RunOurs(["--cpu-map", Path.Combine(Support.Corpus.Libvirt90, "cpu_map")], PathOf(c), c.Features);
                if (want.Length == 0) errors++;
                table.Count(c.Features ? "--features" : "plain", c.Name(i), got == want, "\n" + UnifiedDiff.Create(want + "\n", got + "\n", "virsh", "domaincpu"));
            }
            TestContext.Out.WriteLine($"cases virsh refuses: {errors} of {cases.Count}");
            table.PrintAndAssert();
        }
        finally
        {
            dir.Delete(true);
        }
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

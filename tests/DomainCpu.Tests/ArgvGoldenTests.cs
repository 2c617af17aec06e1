using System.Collections.Concurrent;
using System.Diagnostics;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>testdata/argv/&lt;case&gt;/{domain.xml, expected.args, expected.json}: <c>domaincpu argv --qemu 7.2</c> with QEMU 7.2's
/// built-in facts (and the case's domcaps.xml as <c>--domcaps</c> when it has one); every <c>-cpu</c> of the set is then
/// started once in a real QEMU to prove it is accepted.</summary>
[TestFixture]
public class ArgvGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() => Golden.Cases("argv");

    [TestCaseSource(nameof(Cases))]
    public void Argv(string name)
    {
        var dir = Golden.CaseDir("argv", name);
        var input = Path.Combine(dir, "domain.xml");
        var domCaps = Path.Combine(dir, "domcaps.xml");
        string[] host = File.Exists(domCaps) ? ["--domcaps", domCaps] : [];
        string[] release = [.. Golden.LibvirtArgs(dir, host)];
        var r = CliHarness.Run(["argv", .. release, "--qemu", "7.2", .. host, input]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Golden.AssertMatches(Path.Combine(dir, "expected.args"), r.Stdout);
        var j = CliHarness.Run(["argv", .. release, "--qemu", "7.2", "--json", .. host, input]);
        Assert.That(j.ExitCode, Is.EqualTo(0), j.Stderr);
        Golden.AssertMatches(Path.Combine(dir, "expected.json"), j.Stdout);
    }

    [Test]
    public void GoldenSetIsLargeEnough()
    {
        var names = Cases().Select(c => (string)c.Arguments[0]!).ToList();
        Assert.That(names, Has.Count.GreaterThanOrEqualTo(40));
        var withQemuCpu = names.Count(n => File.ReadAllText(Path.Combine(Golden.CaseDir("argv", n), "domain.xml")).Contains("<qemu:cpu>", StringComparison.Ordinal));
        Assert.That(withQemuCpu, Is.GreaterThanOrEqualTo(10));
    }

    /// <summary>Each expected <c>-cpu</c> value, started paused in QEMU 7.2 (TCG) and quit over QMP.</summary>
    [Test]
    public void QemuAcceptsEveryGoldenCpu()
    {
        var qemu = QemuBinary.Find();
        Assert.That(qemu, Is.Not.Null, "qemu-system-x86_64 is not installed: the golden -cpu values cannot be proven");
        var values = Cases()
            .Select(c => Path.Combine(Golden.CaseDir("argv", (string)c.Arguments[0]!), "expected.args"))
            .Where(File.Exists)
            .SelectMany(File.ReadAllLines)
            .Where(l => l.StartsWith("-cpu ", StringComparison.Ordinal))
            .Select(l => l[5..])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.That(values, Has.Count.GreaterThanOrEqualTo(30));
        var failures = new ConcurrentBag<string>();
        Parallel.ForEach(values, new ParallelOptions { MaxDegreeOfParallelism = 4 }, v =>
        {
            var (code, err) = QemuBinary.TryCpu(qemu!, v);
            if (code != 0) failures.Add($"-cpu {v}: exit {code}: {err.Trim()}");
        });
        TestContext.Out.WriteLine($"QEMU accepted {values.Count - failures.Count} of {values.Count} -cpu values");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }
}

/// <summary>Starts QEMU with one <c>-cpu</c> value, paused, and quits it over QMP.</summary>
internal static class QemuBinary
{
    public static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var p = Path.Combine(dir, "qemu-system-x86_64");
            if (File.Exists(p)) return p;
        }
        return null;
    }

    public static (int Code, string Stderr) TryCpu(string qemu, string cpu)
    {
        var psi = new ProcessStartInfo(qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-machine", "pc-q35-7.2", "-accel", "tcg", "-S", "-display", "none", "-nodefaults", "-cpu", cpu, "-qmp", "stdio" })
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        try
        {
            p.StandardInput.WriteLine("{\"execute\":\"qmp_capabilities\"}");
            p.StandardInput.WriteLine("{\"execute\":\"quit\"}");
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // QEMU already exited (it refused the arguments); its exit code says why.
        }
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            return (-1, "timed out");
        }
        stdout.Wait();
        return (p.ExitCode, stderr.Result);
    }
}

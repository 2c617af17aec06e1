using System.Collections.Concurrent;
using DomainCpu.Fuzz;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The library and the commands are safe to call from many threads: every golden case run on 16
/// threads at once, 20 rounds, gives exactly the output of a lone run.</summary>
[TestFixture]
public class ConcurrencyTests
{
    private const int Threads = 16;
    private const int Rounds = 20;

    /// <summary>testdata/&lt;command&gt;/&lt;case&gt;/ of every CLI command: the command, the case's <c>args</c>
    /// lines ({case} = its folder) and its input documents, as the golden tests run them.</summary>
    private static List<(string Name, string[] Args, byte[] Stdin)> GoldenRuns()
    {
        var commands = CommandRecipes.Discover().Select(c => c.Path.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        var runs = new List<(string, string[], byte[])>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(Golden.Root, "testdata")).OrderBy(d => d, StringComparer.Ordinal))
        {
            var command = Path.GetFileName(dir);
            if (!commands.Contains(command)) continue;
            foreach (var caseDir in Directory.GetDirectories(dir).OrderBy(d => d, StringComparer.Ordinal))
            {
                var args = new List<string>(command.Split(' '));
                var argsFile = Path.Combine(caseDir, "args");
                if (File.Exists(argsFile))
                {
                    args.AddRange(File.ReadAllLines(argsFile).Where(l => l.Length > 0)
                        .Select(l => l.Replace("{case}", caseDir, StringComparison.Ordinal)));
                }
                // The inputs: input.xml first, then the other documents by name (a.xml, b.xml, …), not the
                // expected outputs and not files the args already name.
                var inputs = Directory.GetFiles(caseDir, "*.xml")
                    .Where(f => !Path.GetFileName(f).StartsWith("expected", StringComparison.Ordinal) && !args.Contains(f))
                    .OrderBy(f => Path.GetFileName(f) == "input.xml" ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal);
                args.AddRange(inputs);
                var stdinFile = Path.Combine(caseDir, "stdin.xml");
                var stdin = File.Exists(stdinFile) ? File.ReadAllBytes(stdinFile) : [];
                runs.Add(($"{command}/{Path.GetFileName(caseDir)}", args.ToArray(), stdin));
            }
        }
        return runs;
    }

    [Test]
    public void EveryGoldenCaseOnSixteenThreadsGivesTheSameOutput()
    {
        var runs = GoldenRuns();
        Assert.That(runs, Is.Not.Empty, "golden cases to run");
        var expected = runs.Select(r => CliHarness.RunWithInput(r.Stdin, r.Args)).ToArray();
        var mismatches = new ConcurrentBag<string>();
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var round = 0; round < Rounds; round++)
            {
                // Each thread walks the cases from a different starting point, so different cases overlap.
                for (var k = 0; k < runs.Count; k++)
                {
                    var i = (k + t + round) % runs.Count;
                    var actual = CliHarness.RunWithInput(runs[i].Stdin, runs[i].Args);
                    if (actual.ExitCode != expected[i].ExitCode || !actual.Stdout.AsSpan().SequenceEqual(expected[i].Stdout)
                        || actual.Stderr != expected[i].Stderr)
                    {
                        mismatches.Add($"{runs[i].Name} (thread {t}, round {round}): exit {actual.ExitCode}, {actual.Stderr}");
                    }
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        TestContext.Out.WriteLine($"{runs.Count} golden cases x {Threads} threads x {Rounds} rounds; " +
            $"lone runs: {expected.Count(e => e.ExitCode == 0)} exit 0, {expected.Count(e => e.ExitCode != 0)} exit 1/2");
        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches.Take(20)));
    }
}

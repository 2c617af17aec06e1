using DomainCpu.Fuzz;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The fuzzer in CI: 20,000 mutated inputs over every command, none may crash, hang or break the CLI
/// contract. Seeds: testdata/, plus the corpus when DOMAINCPU_CORPUS is set.</summary>
[TestFixture]
public class FuzzTests
{
    /// <summary>The CI run's seed; docs/SECURITY.md records the longer runs.</summary>
    public const int CiSeed = 20261122;
    public const int CiCount = 20_000;

    private static readonly string WorkRoot = Path.Combine(Path.GetTempPath(), "domaincpu-fuzz-tests-" + Guid.NewGuid().ToString("N"));

    private static string Work(string name) => Path.Combine(WorkRoot, name + "-" + Guid.NewGuid().ToString("N"));

    [OneTimeTearDown]
    public void RemoveWork()
    {
        if (Directory.Exists(WorkRoot)) Directory.Delete(WorkRoot, recursive: true);
    }

    [Test]
    [Category("fuzz")]
    public void TwentyThousandInputsOverAllCommandsFindNoCrash()
    {
        var work = Work("ci");
        try
        {
            var engine = new FuzzEngine(SeedCorpus.Load(Golden.Root, Environment.GetEnvironmentVariable("DOMAINCPU_CORPUS")), work);
            var report = engine.Run(CiSeed, CiCount, threads: 2);
            TestContext.Out.Write(report.Summary());
            var details = string.Join("\n\n", report.Failures.Select(f =>
                $"#{f.Index} {string.Join(' ', f.Case.Args)}\n  seed {f.Case.SeedName}, mutated {f.Case.MutatedSlot}: {string.Join("; ", f.Case.Steps)}\n{f.Detail}"));
            Assert.That(report.Failures, Is.Empty, $"replay with: dotnet run --project tools/fuzz -- --seed {CiSeed} --only N\n{details}");
            Assert.That(report.ExitsByCommand.Values.All(e => e.Sum() > 0), "every command ran");
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The least share of a command's fuzzed inputs that must get past argument and usage checks: a
    /// recipe that mostly ends in a usage error fuzzes the command's real work hardly at all.</summary>
    public const double MinReached = 0.30;

    [Test]
    [Category("fuzz")]
    public void MostFuzzedInputsOfEveryCommandGetPastUsageChecks()
    {
        var work = Work("reach");
        try
        {
            var engine = new FuzzEngine(SeedCorpus.Load(Golden.Root, Environment.GetEnvironmentVariable("DOMAINCPU_CORPUS")), work);
            var report = engine.Run(CiSeed, engine.Commands.Count * 60, threads: 2);
            TestContext.Out.Write(report.Summary());
            Assert.Multiple(() =>
            {
                foreach (var cmd in engine.Commands)
                {
                    var top = string.Join("; ", report.TopUsage(cmd.Path, 3).Select(m => $"{m.Count}x {m.Message}"));
                    Assert.That(report.Reached(cmd.Path), Is.AtLeast(MinReached),
                        $"{cmd.Path}: exit 0/1/2 = {string.Join("/", report.ExitsByCommand[cmd.Path])}; usage errors: {top}");
                }
            });
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    [Test]
    public void OnlyOneInputOfACaseIsMutatedAndItsCompanionsAreSeeds()
    {
        var seeds = SeedCorpus.Load(Golden.Root, null);
        var known = seeds.All.Select(s => Convert.ToBase64String(s.Bytes)).ToHashSet();
        var mutator = new Mutator(seeds);
        var work = Work("plan");
        var several = 0;
        foreach (var cmd in CommandRecipes.Discover())
        {
            for (var i = 0; i < 40; i++)
            {
                var c = CommandRecipes.Plan(new Random(FuzzEngine.Mix(3, i)), cmd, seeds, mutator, work);
                var inputs = c.Files.Where(f => f.Key.EndsWith(".xml", StringComparison.Ordinal) || f.Key.EndsWith(".json", StringComparison.Ordinal))
                    .Where(f => !f.Key.Contains("cpu_map", StringComparison.Ordinal)).ToList();
                var changed = inputs.Count(f => !known.Contains(Convert.ToBase64String(f.Value)));
                Assert.That(changed, Is.AtMost(1), $"{string.Join(' ', c.Args)}: mutated {c.MutatedSlot}");
                if (inputs.Count > 1) several++;
            }
        }
        Assert.That(several, Is.GreaterThan(0), "some cases have companion files");
    }

    [Test]
    public void ReachedCountsExitZeroAndOneAndUsageMessagesBlankFileNames()
    {
        var report = new FuzzReport(1, 10, 0, 1, false, new Dictionary<string, int[]> { ["x"] = [1, 2, 7] }, [], 0, TimeSpan.Zero,
            new Dictionary<string, Dictionary<string, int>>());
        Assert.That(report.Reached("x"), Is.EqualTo(0.3).Within(1e-9));
        Assert.That(FuzzEngine.UsageMessage("domaincpu: /w/t0/input-12.xml: no such file\nmore", "/w/t0"),
            Is.EqualTo("domaincpu: {case}/input-N.xml: no such file"));
        Assert.That(FuzzEngine.UsageMessage("domaincpu: invalid CPU map: /w/cpu_map-0a1b2c3d/index.xml:3:12: error: [DC0008] x", "/w"),
            Is.EqualTo("domaincpu: invalid CPU map: {case}/cpu_map-N/index.xml:L:C: error: [DC0008] x"));
    }

    [Test]
    public void CommandsAreDiscoveredFromTheCommandLine()
    {
        var paths = CommandRecipes.Discover().Select(c => c.Path).ToList();
        Assert.That(paths, Does.Contain("format"));
    }

    [Test]
    public void TheSameSeedGivesTheSameInputs()
    {
        var seeds = SeedCorpus.Load(Golden.Root, null);
        var a = new FuzzEngine(seeds, Work("a"));
        var b = new FuzzEngine(seeds, Work("b"));
        for (var i = 0; i < 50; i++)
        {
            var (ca, _, ea) = a.RunOne(7, i);
            var (cb, _, eb) = b.RunOne(7, i);
            Assert.That(cb.Steps, Is.EqualTo(ca.Steps));
            Assert.That(cb.Files.Values.Select(Convert.ToBase64String), Is.EqualTo(ca.Files.Values.Select(Convert.ToBase64String)));
            Assert.That(eb, Is.EqualTo(ea));
        }
    }

    [Test]
    public void AnExceptionEscapingTheCommandLineIsACrashWithItsOwnType()
    {
        var (_, failure, _) = Planted((_, _) => throw new IndexOutOfRangeException("planted")).RunOne(1, 0);
        Assert.That(failure?.Signature, Does.StartWith("IndexOutOfRangeException"));
        Assert.That(failure!.Detail, Does.Contain("planted"));
    }

    [Test]
    public void AnInternalErrorCaughtByTheRunnerIsACrashNotAFinding()
    {
        var (_, failure, _) = Planted((_, ctx) =>
        {
            ctx.Unexpected = new NullReferenceException("planted");
            ctx.Stderr.WriteLine("domaincpu: internal error: NullReferenceException: planted");
            return 2;
        }).RunOne(1, 0);
        Assert.That(failure?.Signature, Does.StartWith("NullReferenceException"));
    }

    [TestCase(3, "", "x", "exit code 3")]
    [TestCase(2, "out", "x", "stdout written on exit 2")]
    [TestCase(1, "", "", "exit 1 without a message")]
    [TestCase(2, "", "", "exit 2 without a message")]
    [TestCase(1, "", "f:1:1: error\n   at Foo.Bar()", "stack trace without --debug")]
    public void ContractViolationsAreFailures(int exit, string stdout, string stderr, string signature)
    {
        var engine = Planted((args, ctx) =>
        {
            ctx.Stdout.Write(System.Text.Encoding.UTF8.GetBytes(stdout));
            ctx.Stderr.Write(stderr);
            return exit;
        });
        // Input 0 may run with --debug, which allows a stack trace; find one that does not.
        var failure = Enumerable.Range(0, 20).Select(i => engine.RunOne(1, i)).First(r => !r.Case.Args.Contains("--debug")).Failure;
        Assert.That(failure?.Signature, Does.StartWith(signature));
    }

    [Test]
    public void GoodRunsAreNotFailures()
    {
        var (_, failure, exit) = Planted((_, ctx) =>
        {
            ctx.Stderr.WriteLine("-:1:1: error: [DC0001] malformed XML");
            return 1;
        }).RunOne(1, 0);
        Assert.That(failure, Is.Null);
        Assert.That(exit, Is.EqualTo(1));
    }

    private static FuzzEngine Planted(Func<string[], DomainCpu.Cli.CliContext, int> invoke) =>
        new(SeedCorpus.Load(Golden.Root, null), Work("p"))
        {
            Invoke = invoke,
        };
}

using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>testdata/compare/&lt;case&gt;/{host.xml, cpu.xml[, args], expected.out}: <c>domaincpu compare</c> with the
/// golden-test CPU map (testdata/cpu-map-mini). <c>args</c> holds the flags, one per line (default <c>--json</c>);
/// expected.out records the exit code, stdout and stderr.</summary>
[TestFixture]
public class CompareGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() => Golden.Cases("compare");

    [TestCaseSource(nameof(Cases))]
    public void Compare(string name)
    {
        var dir = Golden.CaseDir("compare", name);
        var args = new List<string> { "compare", "--cpu-map", MiniMap, "--caps", Path.Combine(dir, "host.xml") };
        args.AddRange(ExtraArgs(dir, "--json"));
        args.Add(Path.Combine(dir, "cpu.xml"));
        Golden.AssertMatches(Path.Combine(dir, "expected.out"), Transcript(dir, CliHarness.Run(args.ToArray())));
    }

    [Test]
    public void ThereAreAtLeastTwentyCases() => Assert.That(Cases().Count(), Is.GreaterThanOrEqualTo(20));

    /// <summary>The CPU map written for the golden tests.</summary>
    internal static string MiniMap => Path.Combine(Golden.Root, "testdata", "cpu-map-mini");

    /// <summary>The flags of a case: its <c>args</c> file, one per line, or the default.</summary>
    internal static IEnumerable<string> ExtraArgs(string dir, params string[] defaults)
    {
        var file = Path.Combine(dir, "args");
        return File.Exists(file) ? File.ReadAllLines(file).Where(l => l.Length > 0) : defaults;
    }

    /// <summary>Exit code, stdout and stderr of a run, with the case folder removed from paths.</summary>
    internal static string Transcript(string dir, CliHarness.Result r) =>
        $"exit {r.ExitCode}\n--- stdout\n{r.StdoutText}--- stderr\n{r.Stderr}".Replace(dir + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
}

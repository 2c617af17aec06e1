using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>testdata/baseline/&lt;case&gt;/{input*.xml[, args], expected.out}: <c>domaincpu baseline</c> of the inputs
/// (in name order) with the golden-test CPU map; <c>args</c> holds extra flags, one per line.</summary>
[TestFixture]
public class BaselineGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() => Golden.Cases("baseline");

    [TestCaseSource(nameof(Cases))]
    public void Baseline(string name)
    {
        var dir = Golden.CaseDir("baseline", name);
        var args = new List<string> { "baseline", "--cpu-map", CompareGoldenTests.MiniMap };
        args.AddRange(CompareGoldenTests.ExtraArgs(dir));
        args.AddRange(Directory.GetFiles(dir, "input*.xml").Order(StringComparer.Ordinal));
        Golden.AssertMatches(Path.Combine(dir, "expected.out"), CompareGoldenTests.Transcript(dir, CliHarness.Run(args.ToArray())));
    }

    [Test]
    public void ThereAreAtLeastTwentyCases() => Assert.That(Cases().Count(), Is.GreaterThanOrEqualTo(20));
}

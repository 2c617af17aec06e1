using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>testdata/policy/&lt;case&gt;/{args, *.xml, expected.out}: <c>domaincpu policy …</c> with the golden-test
/// CPU map. <c>args</c> holds the arguments after <c>policy</c>, one per line; names ending in .xml are files of
/// the case.</summary>
[TestFixture]
public class PolicyGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() => Golden.Cases("policy");

    [TestCaseSource(nameof(Cases))]
    public void Policy(string name)
    {
        var dir = Golden.CaseDir("policy", name);
        var args = new List<string> { "policy", "--cpu-map", CompareGoldenTests.MiniMap };
        args.AddRange(File.ReadAllLines(Path.Combine(dir, "args")).Where(l => l.Length > 0)
            .Select(a => a.EndsWith(".xml", StringComparison.Ordinal) ? Path.Combine(dir, a) : a));
        Golden.AssertMatches(Path.Combine(dir, "expected.out"), CompareGoldenTests.Transcript(dir, CliHarness.Run(args.ToArray())));
    }

    [Test]
    public void ThereAreAtLeastTwentyCases() => Assert.That(Cases().Count(), Is.GreaterThanOrEqualTo(20));
}

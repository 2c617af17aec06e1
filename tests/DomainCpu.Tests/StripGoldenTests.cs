using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>testdata/strip/&lt;case&gt;/{domain.xml, expected.xml}: <c>domaincpu strip domain.xml</c>.</summary>
[TestFixture]
public class StripGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() => Golden.Cases("strip");

    [TestCaseSource(nameof(Cases))]
    public void Strip(string name)
    {
        var dir = Golden.CaseDir("strip", name);
        var r = CliHarness.Run("strip", Path.Combine(dir, "domain.xml"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Golden.AssertMatches(Path.Combine(dir, "expected.xml"), r.Stdout);
    }
}

using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary><c>domaincpu models</c> and <c>models show</c>: golden cases under testdata/models/&lt;case&gt;/ (file
/// <c>args</c>: the arguments, one a line; <c>expected</c>: standard output), and the failure rules.</summary>
[TestFixture]
public sealed class ModelsCommandTests
{
    public static IEnumerable<TestCaseData> Cases() => Support.Golden.Cases("models");

    [TestCaseSource(nameof(Cases))]
    public void Matches_golden(string name)
    {
        var dir = Support.Golden.CaseDir("models", name);
        var args = File.ReadAllLines(Path.Combine(dir, "args")).Where(l => l.Length > 0).ToArray();
        var result = CliHarness.Run(args);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Support.Golden.AssertMatches(Path.Combine(dir, "expected"), result.Stdout);
    }

    [Test]
    public void Golden_cases_exist() => Assert.That(Cases().Count(), Is.GreaterThanOrEqualTo(5));

    [Test]
    public void The_listing_says_usable_is_not_known_yet()
    {
        var r = CliHarness.Run("models");
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(r.Stderr, Does.Contain("usable is unknown"));
    }

    [TestCase("models", "show", "NoSuchCpu")]
    [TestCase("models", "--machine", "pc-i440fx-0.1")]
    [TestCase("models", "show", "Haswell", "--machine", "nope")]
    public void Unknown_names_are_usage_errors_with_empty_stdout(params string[] args)
    {
        var r = CliHarness.Run(args);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.Stderr, Does.StartWith("domaincpu: unknown"));
    }
}

using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary><c>domaincpu models</c> and <c>models show</c>: golden cases under testdata/models/&lt;case&gt;/ (file
/// <c>args</c>: the arguments, one a line, with <c>{testdata}</c> and <c>{case}</c> standing for those folders;
/// <c>expected</c>: standard output), the usability check, and the failure rules.</summary>
[TestFixture]
public sealed class ModelsCommandTests
{
    public static IEnumerable<TestCaseData> Cases() => Support.Golden.Cases("models");

    [TestCaseSource(nameof(Cases))]
    public void Matches_golden(string name)
    {
        var dir = Support.Golden.CaseDir("models", name);
        var testdata = Path.Combine(Support.Golden.Root, "testdata");
        var args = File.ReadAllLines(Path.Combine(dir, "args")).Where(l => l.Length > 0)
            .Select(l => l.Replace("{testdata}", testdata, StringComparison.Ordinal).Replace("{case}", dir, StringComparison.Ordinal))
            .ToArray();
        // A listing must not depend on the machine the tests run on: it names its host or says there is none.
        if (args.Length > 0 && args[0] == "models" && !args.Contains("show"))
        {
            Assert.That(args, Has.Some.Matches<string>(a => a is "--cpuid" or "--caps" or "--no-host"), "a models listing case needs --cpuid, --caps or --no-host");
        }
        var result = CliHarness.Run(args);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Support.Golden.AssertMatches(Path.Combine(dir, "expected"), result.Stdout);
    }

    [Test]
    public void Golden_cases_exist() => Assert.That(Cases().Count(), Is.GreaterThanOrEqualTo(5));

    [Test]
    public void Without_a_host_usable_is_null_and_nothing_is_probed()
    {
        var r = CliHarness.Run("models", "--json", "--no-host");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        Assert.That(doc.RootElement.EnumerateArray().Select(e => e.GetProperty("usable").ValueKind),
            Is.All.EqualTo(System.Text.Json.JsonValueKind.Null));
    }

    [Test]
    public void Json_rows_have_the_contract_fields_and_unavailable_lists_exactly_when_not_usable()
    {
        var dump = Path.Combine(Support.Golden.Root, "testdata", "capabilities", "intel-skylake-client", "cpuid.xml");
        var r = CliHarness.Run("models", "--json", "--cpuid", dump);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.That(rows, Is.Not.Empty);
        foreach (var row in rows)
        {
            foreach (var field in new[] { "name", "version", "aliasOf", "vendor", "usable", "unavailable" })
            {
                Assert.That(row.TryGetProperty(field, out _), Is.True, $"{row}: no {field}");
            }
            var usable = row.GetProperty("usable").GetBoolean();
            Assert.That(row.GetProperty("unavailable").GetArrayLength() == 0, Is.EqualTo(usable), row.ToString());
        }
        Assert.That(rows.Count(x => x.GetProperty("usable").GetBoolean()), Is.InRange(1, rows.Count - 1), "a Skylake host runs some models and not others");
    }

    [TestCase("--no-host", "--cpuid", "x.xml")]
    [TestCase("--cpuid", "x.xml", "--caps", "y.xml")]
    public void Conflicting_host_sources_are_usage_errors(params string[] extra)
    {
        var r = CliHarness.Run(new[] { "models" }.Concat(extra).ToArray());
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Stderr);
        Assert.That(r.Stdout, Is.Empty);
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

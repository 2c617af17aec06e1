using System.Text;
using System.Text.Json;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary><c>domaincpu validate</c>: exit codes, the one-line format, JSON, several files, --kind, stdin.</summary>
[TestFixture]
public class ValidateCliTests
{
    private static string Input(string caseName) => Path.Combine(Golden.CaseDir("validate", caseName), "input.xml");

    [Test]
    public void ValidFilesExitZeroAndPrintOnlyTheSummary()
    {
        var r = CliHarness.Run("validate", Input("valid-custom-features"), Input("valid-capabilities"), Input("valid-domaincaps"), Input("valid-standalone-host-cpu"));
        Assert.That((r.ExitCode, r.StdoutText, r.Stderr), Is.EqualTo((0, "", "4 files, 0 errors, 0 warnings\n")));
    }

    [Test]
    public void WarningsAloneExitZero()
    {
        var r = CliHarness.Run("validate", Input("feature-legacy-form"));
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(r.Stderr, Does.Contain(": warning: [DC0122] "));
    }

    [Test]
    public void FindingsOfEveryFileAreReportedWithExitOne()
    {
        var r = CliHarness.Run("validate", Input("bad-mode"), Input("valid-host-model"), Input("duplicate-feature"), Input("malformed-xml"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdoutText, Is.Empty);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.That(lines[0], Does.StartWith(Input("bad-mode") + ":9:8: error: [DC0103] "));
        Assert.That(lines[1], Does.StartWith(Input("duplicate-feature") + ":12:6: error: [DC0114] "));
        Assert.That(lines[2], Does.StartWith(Input("malformed-xml") + ":3:3: error: [DC0001] "));
        Assert.That(lines[3], Is.EqualTo("4 files, 3 errors, 0 warnings"));
    }

    [Test]
    public void UnreadableFilesAreReportedAndTheOthersStillValidated()
    {
        var missing = Path.Combine(Path.GetTempPath(), "domaincpu-no-such-file.xml");
        var r = CliHarness.Run("validate", missing, Input("bad-mode"), Path.GetTempPath(), Input("feature-legacy-form"), Input("valid-numa"));
        Assert.That(r.ExitCode, Is.EqualTo(2), "an unreadable file is an I/O error, whatever the other files hold");
        Assert.That(r.StdoutText, Is.Empty);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(8), r.Stderr);
        Assert.That(lines[0], Is.EqualTo($"domaincpu: {missing}: no such file"));
        Assert.That(lines[1], Does.StartWith(Input("bad-mode") + ":9:8: error: [DC0103] "));
        Assert.That(lines[2], Is.EqualTo($"domaincpu: {Path.GetTempPath()}: is a directory"));
        Assert.That(lines[3..7], Has.All.Contain(": warning: [DC0122] "));
        Assert.That(lines[7], Is.EqualTo("5 files, 1 error, 4 warnings, 2 unreadable"));
    }

    [Test]
    public void JsonListsUnreadableFilesInTheirPlace()
    {
        var missing = Path.Combine(Path.GetTempPath(), "domaincpu-no-such-file.xml");
        var r = CliHarness.Run("validate", "--json", Input("bad-mode"), missing, Input("valid-numa"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        using var doc = JsonDocument.Parse(r.Stdout);
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.That(items.Select(i => (i.GetProperty("file").GetString(), i.GetProperty("category").GetString())),
            Is.EqualTo(new[] { (Input("bad-mode"), "schema"), (missing, "io") }));
        Assert.That(items[1].GetProperty("id").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(items[1].GetProperty("message").GetString(), Is.EqualTo($"{missing}: no such file"));
        Assert.That(r.Stderr, Does.EndWith("3 files, 1 error, 0 warnings, 1 unreadable\n"));
    }

    [Test]
    public void UnknownFeatureIsAnErrorAtItsLine()
    {
        var r = CliHarness.Run("validate", Input("unknown-feature"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.StartWith(Input("unknown-feature") + ":8:6: error: [DC0750] unknown CPU feature: f1\n"));
    }

    [Test]
    public void JsonListsEveryFindingWithItsFields()
    {
        var r = CliHarness.Run("validate", "--json", Input("many-findings"), Input("feature-legacy-form"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        using var doc = JsonDocument.Parse(r.Stdout);
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.That(items, Has.Count.EqualTo(11));
        var first = items[0];
        Assert.That(first.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "file", "line", "column", "severity", "category", "id", "message", "libvirt" }));
        Assert.That(first.GetProperty("id").GetString(), Is.EqualTo("DC0104"));
        Assert.That(first.GetProperty("category").GetString(), Is.EqualTo("semantic"));
        Assert.That(first.GetProperty("line").GetInt32(), Is.EqualTo(9));
        Assert.That(items.Last().GetProperty("severity").GetString(), Is.EqualTo("warning"));
        Assert.That(r.StdoutText, Does.Contain("<vcpu>").Or.Contain("<cpu>").Or.Contain("mode="), "XML in messages is not escaped");
    }

    [Test]
    public void JsonOfValidFilesIsAnEmptyArray()
    {
        var r = CliHarness.Run("validate", "--json", Input("valid-numa"));
        Assert.That((r.ExitCode, r.StdoutText.Trim()), Is.EqualTo((0, "[]")));
    }

    [Test]
    public void KindOverridesTheRootElement()
    {
        var r = CliHarness.Run("validate", "--kind", "cpu", Input("valid-custom-model"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain("[DC0100]"));
        Assert.That(CliHarness.Run("validate", "--kind", "domain", Input("valid-custom-model")).ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void ReadsStandardInput()
    {
        var bytes = File.ReadAllBytes(Input("bad-match"));
        var r = CliHarness.RunWithInput(bytes, "validate", "-");
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.StartWith("-:9:8: error: [DC0105] "));
    }

    [TestCase("--kind", "network")]
    [TestCase("no-such-file.xml")]
    [TestCase]
    public void UsageAndIoErrorsExitTwo(params string[] args)
    {
        var r = CliHarness.Run(new[] { "validate" }.Concat(args).ToArray());
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Stderr);
        Assert.That(r.StdoutText, Is.Empty);
    }
}

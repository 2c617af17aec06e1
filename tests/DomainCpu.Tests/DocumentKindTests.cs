using System.Text;
using DomainCpu.Diagnostics;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>
/// Each command checks the kind of document it was given and says what it expected and what it found: a
/// <c>&lt;network&gt;</c> (or host capabilities where only a domain will do) is a finding with one id, exit 1, nothing on
/// stdout; a pool of hosts refuses a guest CPU.
/// </summary>
[TestFixture]
public class DocumentKindTests
{
    private static readonly string Dir = Directory.CreateTempSubdirectory("domaincpu-kinds-").FullName;

    private const string Network = "<network>\n  <name>default</name>\n</network>\n";

    private const string Capabilities = "<capabilities>\n  <host>\n    <cpu>\n      <arch>x86_64</arch>\n      <model>Haswell</model>\n" +
                                        "      <vendor>Intel</vendor>\n    </cpu>\n  </host>\n</capabilities>\n";

    public sealed record Case(string Name, string Document, string[] Args, DiagnosticDescriptor Expected, string Expects);

    public static IEnumerable<TestCaseData> Cases() => Table().Select(c => new TestCaseData(c).SetName(c.Name));

    private static IEnumerable<Case> Table()
    {
        const string anyCpu = "expected a domain (<domain>), host capabilities (<capabilities>) or a standalone <cpu>, found <network>";
        const string guestCpu = "expected a domain (<domain>) or a standalone <cpu>, found <network>";
        yield return new("format network", Network, ["format", "-"], DiagnosticCatalogue.DocumentKindUnexpected, anyCpu);
        yield return new("format --define network", Network, ["format", "--define", "-"], DiagnosticCatalogue.DocumentKindUnexpected, anyCpu);
        yield return new("diff network", Network, ["diff", "-", Sample], DiagnosticCatalogue.DocumentKindUnexpected, anyCpu);
        yield return new("migratable network", Network, ["migratable", "-"], DiagnosticCatalogue.DocumentKindUnexpected, guestCpu);
        yield return new("expand network", Network, ["expand", "--live", "-"], DiagnosticCatalogue.DocumentKindUnexpected, guestCpu);
        yield return new("strip network", Network, ["strip", "-"], DiagnosticCatalogue.NotADomain, "expected a <domain> document, found <network>");
        yield return new("strip capabilities", Capabilities, ["strip", "-"], DiagnosticCatalogue.NotADomain, "expected a <domain> document, found <capabilities>");
        yield return new("argv network", Network, ["argv", "-"], DiagnosticCatalogue.NotADomain, "expected a <domain> document, found <network>");
        yield return new("argv capabilities", Capabilities, ["argv", "-"], DiagnosticCatalogue.NotADomain, "expected a <domain> document, found <capabilities>");
        yield return new("hook network", Network, ["hook", "--config", HookConfig, "guest", "prepare", "begin", "-"], DiagnosticCatalogue.NotADomain,
            "expected a <domain> document, found <network>");
        yield return new("policy pool guest as host", "", ["policy", "pool", GuestCpu, GuestCpu], DiagnosticCatalogue.GuestCpuAsHost,
            "expected a host CPU (host capabilities, domain capabilities, or a <cpu> with <arch>), found a guest <cpu> (no <arch>)");
        yield return new("policy pool domain as host", "", ["policy", "pool", GuestCpu, Sample], DiagnosticCatalogue.GuestCpuAsHost,
            "expected a host CPU (host capabilities, domain capabilities, or a <cpu> with <arch>), found a domain's <cpu>");
        yield return new("compare --hosts guest as host", "", ["compare", "--hosts", GuestCpu, "--", GuestCpu], DiagnosticCatalogue.GuestCpuAsHost,
            "found a guest <cpu> (no <arch>)");
    }

    [TestCaseSource(nameof(Cases))]
    public void RefusedWithWhatWasExpectedAndFound(Case c)
    {
        var r = CliHarness.RunWithInput(Encoding.UTF8.GetBytes(c.Document), c.Args);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.Stderr, Does.Match($@"^\S+:[0-9]+:[0-9]+: error: \[{c.Expected.Id}\] "), r.Stderr);
        Assert.That(r.Stderr, Does.Contain(c.Expects));
        Assert.That(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1), r.Stderr);
    }

    [TestCase("argv")]
    [TestCase("format")]
    [TestCase("migratable")]
    public void WithJsonTheFailureIsAlsoAJsonErrorOnStdout(string command)
    {
        var r = CliHarness.RunWithInput(Encoding.UTF8.GetBytes(Network), command, "--json", "-");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(r.Stdout);
        Assert.That(json.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "error" }));
        var error = json.RootElement.GetProperty("error");
        Assert.That(error.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "id", "category", "file", "line", "column", "message" }));
        var text = r.Stderr.Trim();
        Assert.That(text, Is.EqualTo($"{error.GetProperty("file").GetString()}:{error.GetProperty("line").GetInt32()}:{error.GetProperty("column").GetInt32()}: " +
            $"error: [{error.GetProperty("id").GetString()}] {error.GetProperty("message").GetString()}"), "the JSON says what the text says");
        Assert.That(error.GetProperty("category").GetString(), Is.EqualTo("semantic"));
    }

    [Test]
    public void WithJsonAUsageErrorHasNoId()
    {
        var r = CliHarness.Run("argv", "--json", "no-such-file.xml");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        using var json = System.Text.Json.JsonDocument.Parse(r.Stdout);
        var error = json.RootElement.GetProperty("error");
        Assert.That((error.GetProperty("id").ValueKind, error.GetProperty("category").GetString(), error.GetProperty("message").GetString()),
            Is.EqualTo((System.Text.Json.JsonValueKind.Null, "usage", "no-such-file.xml: no such file")));
    }

    [Test]
    public void TheKindsACommandTakesStillWork()
    {
        Assert.That(CliHarness.RunWithInput(Encoding.UTF8.GetBytes(Capabilities), "format", "-").ExitCode, Is.EqualTo(0));
        Assert.That(CliHarness.Run("format", GuestCpu).ExitCode, Is.EqualTo(0));
        Assert.That(CliHarness.Run("migratable", GuestCpu).ExitCode, Is.EqualTo(0));
        Assert.That(CliHarness.Run("strip", Sample).ExitCode, Is.EqualTo(0));
    }

    private static string Sample => Path.Combine(Golden.Root, "samples", "domain.xml");

    private static string GuestCpu { get; } = Write("guest-cpu.xml", "<cpu match='exact'>\n  <model>Haswell</model>\n</cpu>\n");

    private static string HookConfig { get; } = Write("hook.conf", "check = yes\n");

    private static string Write(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(Dir, recursive: true);
}

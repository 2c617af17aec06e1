using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>Each command offers only the shared options it uses: one it would ignore is a usage error (exit 2), and its
/// <c>--help</c> lists exactly the ones it takes.</summary>
[TestFixture]
public class CommandOptionsTests
{
    private static readonly string[] Commands =
        ["format", "validate", "expand", "strip", "migratable", "argv", "compare", "baseline", "models", "capabilities", "policy", "diff", "hook", "schemas"];

    /// <summary>Who takes what: the target where a command loads CPU models, the host files where it reads the host.</summary>
    private static readonly Dictionary<string, string[]> Takes = new()
    {
        ["--libvirt"] = ["argv", "baseline", "capabilities", "compare", "diff", "expand", "format", "hook", "migratable", "models", "policy", "validate"],
        ["--cpu-map"] = ["argv", "baseline", "capabilities", "compare", "diff", "expand", "format", "hook", "migratable", "models", "policy", "validate"],
        ["--qemu"] = ["argv", "baseline", "capabilities", "compare", "diff", "expand", "format", "hook", "migratable", "models", "policy", "validate"],
        ["--verbose"] = ["argv", "baseline", "capabilities", "compare", "diff", "expand", "format", "hook", "migratable", "models", "policy", "validate"],
        ["--caps"] = ["argv", "compare", "expand", "models", "policy"],
        ["--domcaps"] = ["argv", "expand"],
    };

    public static IEnumerable<TestCaseData> HelpCases() =>
        Commands.SelectMany(c => Takes.Keys.Select(o => new TestCaseData(c, o).SetName($"{c} --help and {o}")));

    [TestCaseSource(nameof(HelpCases))]
    public void HelpListsTheOptionExactlyWhenTheCommandTakesIt(string command, string option)
    {
        var r = CliHarness.Run(command, "--help");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var listed = r.StdoutText.Split('\n').Any(l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
        Assert.That(listed, Is.EqualTo(Takes[option].Contains(command)), r.StdoutText);
    }

    [TestCase("models", "--domcaps", "x.xml")]
    [TestCase("hook", "--domcaps", "x.xml guest prepare begin -")]
    [TestCase("hook", "--caps", "x.xml guest prepare begin -")]
    [TestCase("strip", "--caps", "x.xml y.xml")]
    [TestCase("strip", "--cpu-map", "d y.xml")]
    [TestCase("diff", "--caps", "c.xml x.xml y.xml")]
    [TestCase("strip", "--libvirt", "9.0 x.xml")]
    [TestCase("schemas", "--domcaps", "x.xml")]
    public void AnOptionTheCommandDoesNotUseIsAUsageError(string command, string option, string rest)
    {
        var r = CliHarness.Run([command, option, .. rest.Split(' ')]);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Stderr);
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.Stderr, Does.StartWith($"domaincpu: {command} does not take {option} (see 'domaincpu {command} --help')\n"));
    }

    [Test]
    public void BeforeTheCommandNameTheyBelongToTheCommand()
    {
        var r = CliHarness.Run("--domcaps", "x.xml", "models", "--no-host");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith("domaincpu: models does not take --domcaps"));
        var strip = CliHarness.Run("--verbose", "--libvirt", "9.0", "strip", "x.xml");
        Assert.That((strip.ExitCode, strip.Stderr.Split('\n')[0]), Is.EqualTo((2, "domaincpu: strip does not take --verbose (see 'domaincpu strip --help')")));
        Assert.That(CliHarness.Run("--libvirt", "9.0", "models", "--no-host").ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void SubcommandsTakeTheirCommandsOptions()
    {
        var r = CliHarness.Run("models", "show", "--help");
        Assert.That(r.StdoutText, Does.Contain("--cpu-map").And.Contain("--caps"));
        Assert.That(r.StdoutText, Does.Not.Contain("--domcaps"));
    }
}

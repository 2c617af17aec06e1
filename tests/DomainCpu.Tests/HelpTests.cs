using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

[TestFixture]
public class HelpTests
{
    /// <summary>Every command of the CLI has a documentation page reachable through <c>domaincpu help</c>.</summary>
    [Test]
    public void EveryCommandHasAPage()
    {
        var root = DomainCpu.Cli.Program.BuildRoot(new DomainCpu.Cli.CliContext(Stream.Null, Stream.Null, TextWriter.Null));
        var names = root.Subcommands.Select(c => c.Name).Where(n => n != "help").ToList();
        Assert.That(names, Is.Not.Empty);
        foreach (var name in names)
        {
            var r = CliHarness.Run("help", name);
            Assert.That(r.ExitCode, Is.EqualTo(0), $"{name}: {r.Stderr}");
            Assert.That(r.StdoutText, Does.StartWith($"# domaincpu {name}"), name);
        }
    }

    [Test]
    public void UnknownPageIsAUsageError()
    {
        var r = CliHarness.Run("help", "no-such-command");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.Stderr, Does.Contain("no documentation page"));
    }
}

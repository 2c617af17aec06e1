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
            Assert.That(r.StdoutText, Does.StartWith($"domaincpu {name}\n"), name);
        }
    }

    /// <summary>A page is printed as plain text: no heading marks, code fences, table rules, emphasis, code spans or
    /// links, and its examples are still there, indented.</summary>
    [Test]
    public void PagesRenderWithoutMarkdownSyntax()
    {
        var root = DomainCpu.Cli.Program.BuildRoot(new DomainCpu.Cli.CliContext(Stream.Null, Stream.Null, TextWriter.Null));
        foreach (var name in root.Subcommands.Select(c => c.Name).Where(n => n != "help"))
        {
            var text = CliHarness.Run("help", name).StdoutText;
            var lines = text.Split('\n');
            Assert.Multiple(() =>
            {
                Assert.That(lines.Where(l => l.StartsWith('#')), Is.Empty, $"{name}: heading marks");
                Assert.That(text, Does.Not.Contain("```"), $"{name}: code fences");
                Assert.That(text, Does.Not.Contain("`"), $"{name}: code spans");
                Assert.That(text, Does.Not.Contain("**"), $"{name}: emphasis");
                Assert.That(text, Does.Not.Contain("]("), $"{name}: links");
                Assert.That(lines.Where(l => l.TrimStart().StartsWith('|')), Is.Empty, $"{name}: table rows");
                Assert.That(lines.Where(l => l.StartsWith("    domaincpu " + name, StringComparison.Ordinal)), Is.Not.Empty, $"{name}: the synopsis, indented");
            });
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

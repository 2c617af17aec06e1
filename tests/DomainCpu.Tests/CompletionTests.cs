using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>Shell completion: System.CommandLine's <c>[suggest:POSITION]</c> directive, which dotnet-suggest's shell
/// shims call with the command line typed so far and the cursor position.</summary>
[TestFixture]
public class CompletionTests
{
    private static string[] Suggest(string line)
    {
        var r = CliHarness.Run($"[suggest:{line.Length}]", line);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        return r.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [Test]
    public void CompletesCommandNames()
    {
        Assert.That(Suggest("ex"), Is.EqualTo(new[] { "expand" }));
        Assert.That(Suggest("mo"), Does.Contain("models").And.Not.Contains("migratable"));
    }

    [Test]
    public void CompletesOptionsOfACommand()
    {
        Assert.That(Suggest("expand --li"), Is.EqualTo(new[] { "--libvirt", "--live" }));
        Assert.That(Suggest("expand --liv"), Is.EqualTo(new[] { "--live" }));
        Assert.That(Suggest("compare --"), Does.Contain("--json").And.Contain("--caps"));
    }

    [Test]
    public void CompletesOptionValues()
    {
        Assert.That(Suggest("policy max --format x"), Is.EqualTo(new[] { "xen", "xml" }));
    }
}

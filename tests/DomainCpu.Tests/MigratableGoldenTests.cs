using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>testdata/migratable/&lt;case&gt;/{domain.xml[, args], expected.xml[, expected.stderr]}: <c>domaincpu migratable [args…]
/// domain.xml</c>; <c>expected.stderr</c>, when present, is the standard error with the case folder written <c>{case}</c>.</summary>
[TestFixture]
public class MigratableGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() => Golden.Cases("migratable");

    [TestCaseSource(nameof(Cases))]
    public void Migratable(string name)
    {
        var dir = Golden.CaseDir("migratable", name);
        var args = new List<string> { "migratable" };
        var argsFile = Path.Combine(dir, "args");
        if (File.Exists(argsFile)) args.AddRange(File.ReadAllLines(argsFile).Where(l => l.Length > 0));
        args.AddRange(Golden.LibvirtArgs(dir, args).ToList());
        args.Add(Path.Combine(dir, "domain.xml"));
        var r = CliHarness.Run(args.ToArray());
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Golden.AssertMatches(Path.Combine(dir, "expected.xml"), r.Stdout);
        var stderr = Path.Combine(dir, "expected.stderr");
        if (File.Exists(stderr)) Golden.AssertMatches(stderr, System.Text.Encoding.UTF8.GetBytes(r.Stderr.Replace(dir, "{case}", StringComparison.Ordinal)));
    }
}

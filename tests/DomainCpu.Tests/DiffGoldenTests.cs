using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>testdata/diff/&lt;case&gt;/{a.xml, b.xml, expected.txt[, args][, exit-code]}: <c>domaincpu diff</c>.</summary>
[TestFixture]
public class DiffGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() => Golden.Cases("diff");

    [TestCaseSource(nameof(Cases))]
    public void Diff(string name)
    {
        var dir = Golden.CaseDir("diff", name);
        var args = new List<string> { "diff" };
        var argsFile = Path.Combine(dir, "args");
        if (File.Exists(argsFile)) args.AddRange(File.ReadAllLines(argsFile).Where(l => l.Length > 0));
        args.AddRange(Golden.LibvirtArgs(dir, args).ToList());
        args.Add(Path.Combine(dir, "a.xml"));
        args.Add(Path.Combine(dir, "b.xml"));
        var r = CliHarness.Run(args.ToArray());
        var exitFile = Path.Combine(dir, "exit-code");
        var expectedExit = File.Exists(exitFile) ? int.Parse(File.ReadAllText(exitFile).Trim()) : 0;
        Assert.That(r.ExitCode, Is.EqualTo(expectedExit), r.Stderr);
        // Paths differ between machines: the text diff header names the inputs relative to the case.
        var output = r.StdoutText.Replace(dir + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
        Golden.AssertMatches(Path.Combine(dir, "expected.txt"), output);
    }
}

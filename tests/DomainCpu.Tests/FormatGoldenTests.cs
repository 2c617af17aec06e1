using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>testdata/format/&lt;case&gt;/{input.xml, expected.xml[, args]}: <c>domaincpu format</c>.
/// An optional <c>args</c> file holds extra arguments (one per line, e.g. --define); a case answers as libvirt 9.0
/// unless a <c>libvirt</c> file (or its arguments) names another release.</summary>
[TestFixture]
public class FormatGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() => Golden.Cases("format");

    [TestCaseSource(nameof(Cases))]
    public void Format(string name)
    {
        var dir = Golden.CaseDir("format", name);
        var args = new List<string> { "format" };
        var argsFile = Path.Combine(dir, "args");
        if (File.Exists(argsFile))
        {
            args.AddRange(File.ReadAllLines(argsFile).Where(l => l.Length > 0)
                .Select(l => l.Replace("{case}", dir, StringComparison.Ordinal)));
        }
        args.AddRange(Golden.LibvirtArgs(dir, args).ToList());
        args.Add(Path.Combine(dir, "input.xml"));
        var r = CliHarness.Run(args.ToArray());
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Golden.AssertMatches(Path.Combine(dir, "expected.xml"), r.Stdout);
    }
}

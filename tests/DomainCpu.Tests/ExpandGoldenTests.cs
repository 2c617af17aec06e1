using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>testdata/expand/&lt;case&gt;/{domain.xml, caps.xml[, domcaps.xml][, args], expected.xml | expected.err}:
/// <c>domaincpu expand --live --caps caps.xml [--domcaps domcaps.xml] [args…] domain.xml</c>. expected.err holds
/// the stderr of a refused start (exit 1, nothing on stdout).</summary>
[TestFixture]
public class ExpandGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() => Golden.Cases("expand");

    [TestCaseSource(nameof(Cases))]
    public void Expand(string name)
    {
        var dir = Golden.CaseDir("expand", name);
        var r = CliHarness.Run(Arguments(dir).ToArray());
        var err = Path.Combine(dir, "expected.err");
        if (File.Exists(err))
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), "expected a refused start; stderr: " + r.Stderr);
            Assert.That(r.Stdout, Is.Empty);
            Golden.AssertMatches(err, r.Stderr.Replace(dir + Path.DirectorySeparatorChar, "", StringComparison.Ordinal));
            return;
        }
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Golden.AssertMatches(Path.Combine(dir, "expected.xml"), r.Stdout);
    }

    public static List<string> Arguments(string dir)
    {
        var args = new List<string> { "expand", "--live", "--caps", Path.Combine(dir, "caps.xml") };
        var domcaps = Path.Combine(dir, "domcaps.xml");
        if (File.Exists(domcaps)) args.AddRange(new[] { "--domcaps", domcaps });
        var argsFile = Path.Combine(dir, "args");
        if (File.Exists(argsFile)) args.AddRange(File.ReadAllLines(argsFile).Where(l => l.Length > 0));
        args.AddRange(Golden.LibvirtArgs(dir, args).ToList());
        args.Add(Path.Combine(dir, "domain.xml"));
        return args;
    }
}

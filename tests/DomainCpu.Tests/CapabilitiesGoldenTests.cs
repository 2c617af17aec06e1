using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>
/// testdata/capabilities/&lt;case&gt;/: <c>domaincpu capabilities --cpu-map testdata/capabilities/cpu_map --cpuid
/// cpuid.xml</c> (a small CPU map of our own, so the cases do not depend on an installed libvirt), plus
/// <c>--qemu-host qemu-host.json|xml</c> when the case has one and the extra arguments of its <c>args</c> file.
/// Expected: <c>expected.xml</c>, <c>expected.json</c> (with --json), or <c>expected.err</c> (exit 1, stderr with
/// the case folder written as {case}).
/// </summary>
[TestFixture]
public class CapabilitiesGoldenTests
{
    private static string Dir => Path.Combine(Golden.Root, "testdata", "capabilities");

    public static IEnumerable<TestCaseData> Cases() =>
        Directory.GetDirectories(Dir).Where(d => File.Exists(Path.Combine(d, "cpuid.xml")))
            .OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => new TestCaseData(Path.GetFileName(d)).SetName($"capabilities/{Path.GetFileName(d)}"));

    [Test]
    public void ThereAreEnoughCases() => Assert.That(Cases().Count(), Is.GreaterThanOrEqualTo(15));

    [TestCaseSource(nameof(Cases))]
    public void Capabilities(string name)
    {
        var dir = Path.Combine(Dir, name);
        var args = new List<string> { "capabilities", "--cpu-map", Path.Combine(Dir, "cpu_map"), "--cpuid", Path.Combine(dir, "cpuid.xml") };
        foreach (var q in new[] { "qemu-host.json", "qemu-host.xml" })
        {
            if (File.Exists(Path.Combine(dir, q))) args.AddRange(new[] { "--qemu-host", Path.Combine(dir, q) });
        }
        var argsFile = Path.Combine(dir, "args");
        if (File.Exists(argsFile)) args.AddRange(File.ReadAllLines(argsFile).Where(l => l.Length > 0));
        var r = CliHarness.Run(args.ToArray());
        var err = Path.Combine(dir, "expected.err");
        if (File.Exists(err))
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
            Assert.That(r.Stdout, Is.Empty);
            Golden.AssertMatches(err, r.Stderr.Replace(dir, "{case}", StringComparison.Ordinal));
            return;
        }
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stderr, Is.Empty);
        Golden.AssertMatches(Path.Combine(dir, args.Contains("--json") ? "expected.json" : "expected.xml"), r.Stdout);
    }
}

using System.Text;
using DomainCpu.Targets;
using NUnit.Framework;

namespace DomainCpu.Tests.Support;

/// <summary>
/// Golden files: testdata/&lt;transformation&gt;/&lt;case&gt;/ holds inputs and an expected output. A mismatch fails
/// with a unified diff; DOMAINCPU_BLESS=1 rewrites the expected file instead (review blessed changes like code).
/// </summary>
public static class Golden
{
    public static string Root { get; } = FindRoot();

    public static bool Bless => Environment.GetEnvironmentVariable("DOMAINCPU_BLESS") == "1";

    /// <summary>The case folders of a transformation, for NUnit's TestCaseSource. A missing or empty folder throws,
    /// which NUnit reports as a failed test: a golden case set never passes by having no cases.</summary>
    public static IEnumerable<TestCaseData> Cases(string transformation)
    {
        var dir = Path.Combine(Root, "testdata", transformation);
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"the golden cases of {transformation} are missing: {dir}");
        var cases = Directory.GetDirectories(dir).OrderBy(x => x, StringComparer.Ordinal).ToList();
        if (cases.Count == 0) throw new InvalidOperationException($"{dir} holds no golden case");
        return cases.Select(d => new TestCaseData(Path.GetFileName(d)).SetName($"{transformation}/{Path.GetFileName(d)}"));
    }

    public static string CaseDir(string transformation, string name) => Path.Combine(Root, "testdata", transformation, name);

    /// <summary>The libvirt release a case answers as when it names none: the cases were taken from, and checked
    /// against, libvirt 9.0. A case for another release says so in a <c>libvirt</c> file (or <c>--libvirt</c> in its
    /// arguments).</summary>
    public const string DefaultLibvirt = "9.0";

    /// <summary>The release of a case: its <c>libvirt</c> file, else <see cref="DefaultLibvirt"/>.</summary>
    public static string Libvirt(string caseDir)
    {
        var file = Path.Combine(caseDir, "libvirt");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : DefaultLibvirt;
    }

    /// <summary>The libvirt profile of a case's release (<see cref="Libvirt"/>), for tests that call the library.</summary>
    public static LibvirtProfile Profile(string caseDir) => LibvirtProfile.For(ReleaseVersion.TryParse(Libvirt(caseDir))!.Value);

    /// <summary>The arguments that make a command answer as the case's release, unless its arguments name one.</summary>
    public static IEnumerable<string> LibvirtArgs(string caseDir, IEnumerable<string> args) =>
        args.Contains("--libvirt") ? [] : ["--libvirt", Libvirt(caseDir)];

    /// <summary>Compares bytes with the expected file; text is shown as a unified diff.</summary>
    public static void AssertMatches(string expectedPath, byte[] actual)
    {
        if (Bless)
        {
            File.WriteAllBytes(expectedPath, actual);
            return;
        }
        Assert.That(File.Exists(expectedPath), Is.True, $"missing expected file {expectedPath} (run with DOMAINCPU_BLESS=1 to create it)");
        var expected = File.ReadAllBytes(expectedPath);
        if (expected.AsSpan().SequenceEqual(actual)) return;
        var e = Encoding.UTF8.GetString(expected);
        var a = Encoding.UTF8.GetString(actual);
        var diff = e == a ? "(same text, different bytes: encoding or byte order mark)" : UnifiedDiff.Create(e, a, expectedPath, "actual");
        Assert.Fail($"output differs from {expectedPath}:\n{diff}");
    }

    public static void AssertMatches(string expectedPath, string actual) =>
        AssertMatches(expectedPath, new UTF8Encoding(false).GetBytes(actual));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DomainCpu.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (DomainCpu.sln)");
    }
}

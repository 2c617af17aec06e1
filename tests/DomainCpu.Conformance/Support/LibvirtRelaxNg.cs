using System.Diagnostics;
using DomainCpu.Tests;
using NUnit.Framework;

namespace DomainCpu.Conformance.Support;

/// <summary>
/// libvirt's own RELAX NG of one release, judged by that release's xmllint: libvirt 9.0's schemas (the corpus' copy)
/// with this host's xmllint (the Debian 12 stack CI installs), and libvirt 11.3's and 12.8's installed schemas with the
/// xmllint of the chroots that hold those releases (Debian 13 and sid, installed by tools/oracles/install.sh). The
/// runner that enters the chroots is named by <c>DOMAINCPU_ORACLE_CHROOTS</c>; it lists each chroot's libvirt release,
/// so a release is found by its number, not by a distribution name. A missing oracle is a failure, never a skip.
/// </summary>
internal static class LibvirtRelaxNg
{
    public const string RunnerVariable = "DOMAINCPU_ORACLE_CHROOTS";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Suites = new(ListSuites);

    /// <summary>The verdict of each file (true = valid) against <paramref name="rng"/> (<c>domain.rng</c>,
    /// <c>capability.rng</c>, <c>domaincaps.rng</c>, <c>cpu.rng</c>) of libvirt <paramref name="release"/>.</summary>
    public static Dictionary<string, bool> Verdicts(string release, string rng, IReadOnlyCollection<string> files)
    {
        if (release == "9.0") return ValidationXmllint.Verdicts("--relaxng", Path.Combine(Corpus.Libvirt90, "schemas", rng), files);
        if (!Suites.Value.TryGetValue(release, out var suite))
        {
            Assert.Fail($"no oracle chroot holds libvirt {release} ({Runner} versions lists: {string.Join(", ", Suites.Value.Keys)})");
        }
        // The chroot sees the files through a bind mount of their directories, at the same paths.
        var dirs = files.Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!).Distinct().ToList();
        Assert.That(dirs.All(d => !d.Contains(' ')), "the files to judge must lie in directories without spaces");
        var env = new Dictionary<string, string> { ["ORACLE_BIND"] = string.Join(' ', dirs) };
        return ValidationXmllint.Verdicts(["bash", Runner, "run", suite!], env, "--relaxng", "/usr/share/libvirt/schemas/" + rng, files);
    }

    private static string Runner
    {
        get
        {
            var runner = Environment.GetEnvironmentVariable(RunnerVariable);
            if (string.IsNullOrEmpty(runner) || !File.Exists(runner))
            {
                Assert.Fail($"{RunnerVariable} does not name the oracle chroot runner (CI sets it; the chroots hold libvirt 11.3 and 12.8)");
            }
            return runner!;
        }
    }

    /// <summary>The chroot of each libvirt release (<c>11.3</c> → its suite), from the runner's <c>versions</c>
    /// lines: <c>SUITE&lt;TAB&gt;libvirt 11.3.0-3&lt;TAB&gt;qemu …</c>.</summary>
    private static IReadOnlyDictionary<string, string> ListSuites()
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Runner);
        psi.ArgumentList.Add("versions");
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var lines = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.EqualTo(0), $"{Runner} versions failed: {stderr.Result}");
        var suites = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fields in lines.Select(l => l.Split('\t')))
        {
            if (fields.Length < 2 || !fields[1].StartsWith("libvirt ", StringComparison.Ordinal)) continue;
            var version = fields[1]["libvirt ".Length..].Split('-')[0].Split('.');
            if (version.Length >= 2) suites.TryAdd($"{version[0]}.{version[1]}", fields[0]);
        }
        return suites;
    }
}

using System.Diagnostics;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>Runs xmllint once over many files and reads its per-file verdicts. A missing xmllint fails the test.</summary>
internal static class ValidationXmllint
{
    /// <summary>Validates every file with <c>xmllint --noout --schema|--relaxng SCHEMA FILES…</c>; true = valid.</summary>
    public static Dictionary<string, bool> Verdicts(string mode, string schema, IReadOnlyCollection<string> files) =>
        Verdicts([], null, mode, schema, files);

    /// <summary>Validates every file with xmllint started through <paramref name="launcher"/> (such as a runner that
    /// enters a chroot holding another libvirt release); true = valid.</summary>
    /// <param name="launcher">The command and arguments put before <c>xmllint</c>; empty for this host's xmllint.</param>
    /// <param name="environment">Extra environment variables of the launcher; null for none.</param>
    /// <param name="mode"><c>--schema</c> or <c>--relaxng</c>.</param>
    /// <param name="schema">The schema, as the xmllint that runs sees its path.</param>
    /// <param name="files">The files, as the xmllint that runs sees their paths.</param>
    public static Dictionary<string, bool> Verdicts(IReadOnlyList<string> launcher, IReadOnlyDictionary<string, string>? environment,
        string mode, string schema, IReadOnlyCollection<string> files)
    {
        var result = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (files.Count == 0) return result;
        var command = launcher.Concat(["xmllint", "--noout", mode, schema]).Concat(files).ToList();
        var psi = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in command.Skip(1)) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail($"{command[0]} cannot be started (Debian: libxml2-utils for xmllint); the schema agreement tests need it");
            throw;
        }
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        foreach (var line in stderr.Result.Split('\n'))
        {
            if (line.EndsWith(" validates", StringComparison.Ordinal)) result[line[..^" validates".Length]] = true;
            else if (line.EndsWith(" fails to validate", StringComparison.Ordinal)) result[line[..^" fails to validate".Length]] = false;
        }
        foreach (var f in files)
        {
            Assert.That(result.ContainsKey(f), Is.True, $"xmllint gave no verdict for {f}:\n{stderr.Result}");
        }
        return result;
    }
}

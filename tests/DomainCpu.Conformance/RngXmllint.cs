using System.Diagnostics;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>Runs xmllint once over many files and reads its per-file verdicts. A missing xmllint fails the test.</summary>
internal static class RngXmllint
{
    /// <summary><c>xmllint --noout --relaxng|--schema SCHEMA FILES…</c>: true = valid, per file.</summary>
    public static Dictionary<string, bool> Verdicts(string schema, IReadOnlyCollection<string> files, string mode = "--relaxng")
    {
        var result = new Dictionary<string, bool>(StringComparer.Ordinal);
        var psi = new ProcessStartInfo("xmllint") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--noout", mode, schema }.Concat(files)) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("xmllint is not installed (Debian: libxml2-utils); the conformance tests need it");
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
        foreach (var f in files) Assert.That(result.ContainsKey(f), Is.True, $"xmllint gave no verdict for {f}");
        return result;
    }
}

using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// virsh of a newer libvirt, run inside a Debian chroot (trixie: libvirt 11.3, sid: libvirt 12.8) through the oracle
/// runner that <c>DOMAINCPU_ORACLE_CHROOTS</c> names (CI sets it; its <c>run SUITE CMD…</c> runs CMD in that suite's
/// chroot). Input files travel as a tar stream on standard input into a temporary directory inside the chroot, and
/// every command runs in one virsh process; the output of command i follows the marker <c>@@@i</c>. A missing runner
/// is a failure, never a skip.
/// </summary>
internal static class ChrootVirsh
{
    public static string Runner
    {
        get
        {
            var runner = Environment.GetEnvironmentVariable("DOMAINCPU_ORACLE_CHROOTS");
            if (string.IsNullOrEmpty(runner) || !File.Exists(runner))
            {
                Assert.Fail("DOMAINCPU_ORACLE_CHROOTS does not name the chroot oracle runner (CI sets it; tools/oracles/install.sh sets up the chroots)");
            }
            return runner!;
        }
    }

    /// <summary>Runs <paramref name="commands"/> (each may name the <paramref name="files"/> by their relative names) in
    /// one <c>virsh -c URI</c> of <paramref name="suite"/>'s chroot; <c>{tmp}</c> in the URI is a fresh directory inside
    /// the chroot (for <c>qemu:///embed?root={tmp}</c>), removed afterwards.</summary>
    public static Dictionary<int, string> Run(string suite, string uri, IReadOnlyDictionary<string, string> files, IReadOnlyList<string> commands)
    {
        var chain = string.Join("; ", commands.Select((c, i) => $"echo @@@{i}; {c}").Append("echo @@@end"));
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in files.Append(new("commands", chain)))
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
                writer.WriteEntry(entry);
            }
        }
        var psi = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Runner, "run", suite, "sh", "-c",
                     "d=$(mktemp -d) && tar -x -C \"$d\" && cd \"$d\" && virsh -c \"$(printf %s \"$0\" | sed \"s#{tmp}#$d/root#\")\" \"$(cat commands)\"; " +
                     "rc=$?; rm -rf \"$d\"; exit $rc", uri })
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        var outTask = process.StandardOutput.ReadToEndAsync();
        var errTask = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(tar.ToArray());
        process.StandardInput.Close();
        process.WaitForExit();
        var output = outTask.Result;
        Assert.That(output, Does.Contain("@@@end"), $"virsh in the {suite} chroot did not run every command: {errTask.Result}");
        return Split(output);
    }

    /// <summary>The outputs of a batch of virsh commands, each after its <c>@@@N</c> marker line.</summary>
    internal static Dictionary<int, string> Split(string output)
    {
        var result = new Dictionary<int, string>();
        int? current = null;
        var sb = new StringBuilder();
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("@@@", StringComparison.Ordinal))
            {
                if (current is { } c) result[c] = sb.ToString();
                current = int.TryParse(line.AsSpan(3), out var n) ? n : null;
                sb.Clear();
                continue;
            }
            sb.Append(line).Append('\n');
        }
        if (current is { } last) result[last] = sb.ToString();
        return result;
    }
}

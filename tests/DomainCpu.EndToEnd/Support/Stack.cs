using System.Diagnostics;

namespace DomainCpu.EndToEnd.Support;

/// <summary>
/// The libvirt under test: the daemons <c>tools/e2e/daemons.sh start STATE DOMAINCPU</c> started (CI does it before
/// the tests; <c>DOMAINCPU_E2E_STATE</c> names STATE), the hook it installed in them, and their virsh. Without
/// the daemons every test of the suite fails and says how to start them: nothing is skipped.
/// </summary>
internal sealed class Stack
{
    public const string StateVariable = "DOMAINCPU_E2E_STATE";

    private const string Uri = "qemu:///system";

    private Stack(string state, string hook)
    {
        State = state;
        Hook = hook;
    }

    /// <summary>The daemons' state folder (pid files, what to put back); save images go in it too.</summary>
    public string State { get; }

    /// <summary>The hook script installed in libvirt's hook folder.</summary>
    public string Hook { get; }

    /// <summary>The daemons named by <c>DOMAINCPU_E2E_STATE</c>.</summary>
    /// <exception cref="InvalidOperationException">No daemons were started for the suite.</exception>
    public static Stack FromEnvironment()
    {
        var state = Environment.GetEnvironmentVariable(StateVariable);
        if (string.IsNullOrEmpty(state))
        {
            throw new InvalidOperationException(
                $"the end-to-end suite needs libvirt's daemons with the hook installed: as root, run " +
                $"'tools/e2e/daemons.sh start STATE src/DomainCpu.Cli/bin/Release/net10.0/domaincpu', set {StateVariable}=STATE, " +
                "run the tests, then 'tools/e2e/daemons.sh stop STATE' (.ci/run does all of it)");
        }
        var hookFile = Path.Combine(state, "hook");
        if (!File.Exists(hookFile)) throw new InvalidOperationException($"{state}: not a state folder of tools/e2e/daemons.sh (no 'hook' file)");
        return new Stack(state, File.ReadAllText(hookFile).Trim());
    }

    /// <summary>Whether libvirt runs the hook: it runs the executable files of its hook folder, listed anew for every
    /// call, so taking the execute bits away is libvirt without the hook.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void RunHook(bool on) =>
        File.SetUnixFileMode(Hook, on
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead |
              UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

    /// <summary>Runs a chain of virsh commands (<c>cmd; cmd; …</c>) in one virsh process, which goes on after a
    /// failing command; error lines stay in order with the output.</summary>
    public string Virsh(string chain)
    {
        var psi = new ProcessStartInfo("bash", ["-c", "exec virsh -c \"$0\" \"$1\" 2>&1", Uri, chain])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot run virsh");
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("virsh did not finish within 10 minutes");
        }
        return output.Result + error.Result;
    }
}

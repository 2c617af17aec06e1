using System.Diagnostics;

namespace DomainCpu.EndToEnd.Support;

/// <summary>
/// A libvirt under test: the daemons <c>tools/e2e/daemons.sh start STATE DOMAINCPU [CHROOTS SUITE]</c> started (CI does
/// it before the tests; <c>DOMAINCPU_E2E_STATE</c> names the STATE folders, one per libvirt, separated by
/// <c>:</c>), the hook it installed in them, and their virsh. Without the daemons of a release every test of that
/// release fails and says how to start them: nothing is skipped.
/// </summary>
internal sealed class Stack
{
    public const string StateVariable = "DOMAINCPU_E2E_STATE";

    private const string Uri = "qemu:///system";

    private Stack(string state, string hook, string root, string release)
    {
        State = state;
        Hook = hook;
        Root = root;
        Release = release;
    }

    /// <summary>The daemons' state folder (pid files, what to put back); save images and the guests' files go in it
    /// too (the daemons see it at the same path, in a chroot as well).</summary>
    public string State { get; }

    /// <summary>The hook script installed in libvirt's hook folder, as this process sees it.</summary>
    public string Hook { get; }

    /// <summary>The root folder of the libvirt installation: <c>/</c>, or the chroot's folder.</summary>
    public string Root { get; }

    /// <summary>The daemon's release (<c>11.3.0</c>).</summary>
    public string Release { get; }

    /// <summary>The daemons of <paramref name="release"/> (<c>11.3</c>) among those <c>DOMAINCPU_E2E_STATE</c> names.</summary>
    /// <exception cref="InvalidOperationException">No daemons of that release were started for the suite.</exception>
    public static Stack For(string release)
    {
        var states = Environment.GetEnvironmentVariable(StateVariable);
        var stacks = string.IsNullOrEmpty(states) ? [] : states.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(Read).ToList();
        return stacks.FirstOrDefault(s => s.Release.StartsWith(release + ".", StringComparison.Ordinal))
            ?? throw new InvalidOperationException(
                $"the end-to-end suite needs libvirt {release}'s daemons with the hook installed ({StateVariable} names " +
                $"{(stacks.Count == 0 ? "none" : string.Join(", ", stacks.Select(s => s.Release)))}): as root, run " +
                "'tools/e2e/daemons.sh start STATE src/DomainCpu.Cli/bin/Release/net10.0/domaincpu [CHROOTS SUITE]' for each " +
                $"libvirt, set {StateVariable}=STATE:STATE:..., run the tests, then 'tools/e2e/daemons.sh stop STATE' (.ci/run does all of it)");
    }

    private static Stack Read(string state)
    {
        string Field(string name)
        {
            var file = Path.Combine(state, name);
            if (!File.Exists(file)) throw new InvalidOperationException($"{state}: not a state folder of tools/e2e/daemons.sh (no '{name}' file)");
            return File.ReadAllText(file).Trim();
        }
        return new Stack(state, Field("hook"), Field("root"), Field("libvirt"));
    }

    /// <summary>Whether libvirt runs the hook: it runs the executable files of its hook folder, listed anew for every
    /// call, so taking the execute bits away is libvirt without the hook.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void RunHook(bool on) =>
        File.SetUnixFileMode(Hook, on
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead |
              UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

    /// <summary>A copy of <paramref name="file"/> where virsh reads it (in the state folder, which a chroot's virsh sees
    /// at the same path).</summary>
    public string Stage(string file)
    {
        var dir = Directory.CreateDirectory(Path.Combine(State, "guests")).FullName;
        var staged = Path.Combine(dir, Path.GetFileName(file));
        File.Copy(file, staged, overwrite: true);
        return staged;
    }

    /// <summary>Runs a chain of virsh commands (<c>cmd; cmd; …</c>) in one virsh process of the installation (in a
    /// chroot, entered with its daemons' mount namespace), which goes on after a failing command; error lines stay in
    /// order with the output.</summary>
    public string Virsh(string chain)
    {
        var psi = new ProcessStartInfo("bash", ["-c", "exec \"$0\" -c \"$1\" \"$2\" 2>&1", Path.Combine(State, "virsh"), Uri, chain])
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

using System.Diagnostics;
using DomainCpu.EndToEnd.Support;

namespace DomainCpu.EndToEnd;

/// <summary>
/// One run of the guest table through the real daemons of one libvirt release, done once for every test of that
/// release: a pass without the hook (libvirt's own verdicts), a pass with it, and <c>virsh cpu-compare</c> of every
/// guest. Each pass defines, starts (paused), saves, restores and destroys every guest in one virsh process.
/// </summary>
internal sealed class EndToEndRun
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<EndToEndRun>> Runs = new(StringComparer.Ordinal);

    /// <summary>The run against libvirt <paramref name="release"/>; the first caller pays for it, a failure of the run
    /// fails every caller.</summary>
    public static EndToEndRun For(string release) => Runs.GetOrAdd(release, r => new Lazy<EndToEndRun>(() => OperatingSystem.IsWindows()
        ? throw new PlatformNotSupportedException("libvirt's daemons run on Linux")
        : new EndToEndRun(Stack.For(r), Guest.Table()))).Value;

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private EndToEndRun(Stack stack, IReadOnlyList<Guest> guests)
    {
        Guests = guests;
        Root = stack.Root;
        var staged = guests.ToDictionary(g => g.Name, g => stack.Stage(g.File));
        var clock = Stopwatch.StartNew();
        Libvirt = stack.Virsh("version --daemon").Split('\n')
            .FirstOrDefault(l => l.StartsWith("Running against daemon:", StringComparison.Ordinal))?.Split(':')[1].Trim()
            ?? throw new InvalidOperationException("virsh does not say which libvirtd answers");
        try
        {
            stack.RunHook(false);
            Without = Pass(stack, staged, "without");
            stack.RunHook(true);
            With = Pass(stack, staged, "with");
        }
        finally
        {
            stack.RunHook(true);
        }
        var chain = new VirshChain();
        foreach (var g in guests) chain.Step(g.Name, "compare", $"cpu-compare '{staged[g.Name]}'");
        var compared = VirshChain.Split(stack.Virsh(chain.ToString()));
        CpuCompare = guests.ToDictionary(g => g.Name, g => compared.GetValueOrDefault((g.Name, "compare"), "error: no output"));
        Duration = clock.Elapsed;
    }

    public IReadOnlyList<Guest> Guests { get; }

    /// <summary>The libvirt release of the daemon.</summary>
    public string Libvirt { get; }

    /// <summary>The root folder of the daemon's libvirt installation (<c>/</c> or a chroot's), which the in-process
    /// <c>domaincpu</c> answers for.</summary>
    public string Root { get; }

    /// <summary>Each guest's pass with the hook out of libvirt's hook folder (not executable).</summary>
    public IReadOnlyDictionary<string, PhaseOutcome> Without { get; }

    /// <summary>Each guest's pass with the hook installed.</summary>
    public IReadOnlyDictionary<string, PhaseOutcome> With { get; }

    /// <summary>What <c>virsh cpu-compare</c> printed for each guest (against this host's CPU as that libvirt sees it).</summary>
    public IReadOnlyDictionary<string, string> CpuCompare { get; }

    public TimeSpan Duration { get; }

    private IReadOnlyDictionary<string, PhaseOutcome> Pass(Stack stack, IReadOnlyDictionary<string, string> staged, string label)
    {
        var chain = new VirshChain();
        foreach (var g in Guests)
        {
            var saveFile = Path.Combine(stack.State, $"{g.Name}.{label}.save");
            foreach (var (step, command) in PhaseOutcome.Steps(g, staged[g.Name], saveFile)) chain.Step(g.Name, step, command);
        }
        var steps = VirshChain.Split(stack.Virsh(chain.ToString()));
        foreach (var save in Directory.GetFiles(stack.State, $"*.{label}.save")) File.Delete(save);
        return Guests.ToDictionary(g => g.Name, g => PhaseOutcome.Read(g, steps));
    }
}

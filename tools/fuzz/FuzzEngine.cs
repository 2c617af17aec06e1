using System.Diagnostics;
using System.Text;
using DomainCpu.Cli;

namespace DomainCpu.Fuzz;

/// <summary>What a fuzz run found wrong with one input.</summary>
/// <param name="Index">The input's number: <c>--seed S --only Index</c> replays it.</param>
/// <param name="Signature">Exception type and the first DomainCpu frame (or the broken rule): one per bug.</param>
/// <param name="Detail">The exception with its stack, or what rule was broken.</param>
public sealed record FuzzFailure(int Index, string Signature, string Detail, FuzzCase Case, int ExitCode, string Stderr);

/// <summary>The outcome of a run.</summary>
/// <param name="UsageMessages">Per command, how often each exit-2 message (its first line, file names blanked)
/// was seen: what keeps inputs from reaching the command's work.</param>
public sealed record FuzzReport(int Seed, int Count, int First, int SeedFiles, bool Corpus, IReadOnlyDictionary<string, int[]> ExitsByCommand,
    IReadOnlyList<FuzzFailure> Failures, int FailingInputs, TimeSpan Elapsed, IReadOnlyDictionary<string, Dictionary<string, int>> UsageMessages)
{
    /// <summary>The share of a command's inputs that got past argument and usage checks (exit 0 or 1).</summary>
    public double Reached(string command)
    {
        var e = ExitsByCommand[command];
        var total = e.Sum();
        return total == 0 ? 0 : (e[0] + e[1]) / (double)total;
    }

    /// <summary>A command's most frequent exit-2 messages, most frequent first.</summary>
    public IEnumerable<(string Message, int Count)> TopUsage(string command, int n) =>
        (UsageMessages.GetValueOrDefault(command) ?? new Dictionary<string, int>())
            .OrderByDescending(m => m.Value).ThenBy(m => m.Key, StringComparer.Ordinal).Take(n).Select(m => (m.Key, m.Value));

    /// <summary>A readable summary: counts per command and exit code, then one line per distinct failure.</summary>
    public string Summary()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"fuzz: seed {Seed}, {Count} inputs from #{First}, {SeedFiles} seed files{(Corpus ? " (with corpus)" : "")}, {Elapsed.TotalSeconds:F1} s");
        foreach (var (cmd, exits) in ExitsByCommand.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            sb.AppendLine($"  {cmd,-22} exit 0: {exits[0],6}  exit 1: {exits[1],6}  exit 2: {exits[2],6}  reached: {Reached(cmd),4:P0}");
            foreach (var (message, n) in TopUsage(cmd, 3)) sb.AppendLine($"      {n,6}x exit 2: {message}");
        }
        sb.AppendLine($"fuzz: {FailingInputs} failing inputs, {Failures.Count} distinct");
        foreach (var f in Failures) sb.AppendLine($"  #{f.Index} {f.Case.Command}: {f.Signature}");
        return sb.ToString();
    }
}

/// <summary>
/// Runs mutated inputs through every CLI command in-process and records each input that crashes (an exception
/// CliRunner had to call "internal error", or one that escaped), hangs, or breaks the CLI contract (an exit code
/// other than 0/1/2, output on stdout after a failure, a failure without a message, a stack trace without
/// --debug, a file changed by a failed --in-place).
/// </summary>
public sealed class FuzzEngine(SeedCorpus seeds, string workDir)
{
    private readonly Mutator _mutator = new(seeds);

    /// <summary>How long one input may run before it counts as a hang.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The commands to drive (default: all the CLI has).</summary>
    public IReadOnlyList<FuzzCommand> Commands { get; init; } = CommandRecipes.Discover();

    /// <summary>Runs the command line; the default is the real one (tests plant failures here).</summary>
    internal Func<string[], CliContext, int> Invoke { get; init; } = DomainCpu.Cli.Program.Run;

    /// <summary>Runs inputs <paramref name="first"/> to <paramref name="first"/>+<paramref name="count"/>-1 of the
    /// sequence that <paramref name="seed"/> defines, spread over <paramref name="threads"/> threads (the inputs
    /// and their results do not depend on the thread count).</summary>
    public FuzzReport Run(int seed, int count, int first = 0, int threads = 1, Action<int>? progress = null)
    {
        var sw = Stopwatch.StartNew();
        var exits = Commands.ToDictionary(c => c.Path, _ => new int[3], StringComparer.Ordinal);
        var failures = new Dictionary<string, FuzzFailure>(StringComparer.Ordinal);
        var usage = Commands.ToDictionary(c => c.Path, _ => new Dictionary<string, int>(StringComparer.Ordinal), StringComparer.Ordinal);
        var failing = 0;
        var done = 0;
        var hung = false;
        var gate = new object();
        void Worker(int t)
        {
            var dir = Path.Combine(workDir, $"t{t}");
            for (var i = first + t; i < first + count && !Volatile.Read(ref hung); i += threads)
            {
                var (c, failure, exit, stderr) = RunCase(seed, i, dir);
                lock (gate)
                {
                    if (exit is >= 0 and <= 2) exits[c.Command][exit]++;
                    if (exit == 2)
                    {
                        var message = UsageMessage(stderr, dir);
                        usage[c.Command][message] = usage[c.Command].GetValueOrDefault(message) + 1;
                    }
                    if (failure is not null)
                    {
                        failing++;
                        if (!failures.TryGetValue(failure.Signature, out var known) || known.Index > failure.Index)
                        {
                            failures[failure.Signature] = failure;
                        }
                        if (failure.Signature.StartsWith("hang", StringComparison.Ordinal)) hung = true;
                    }
                    progress?.Invoke(++done);
                }
            }
        }
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() => Worker(t), 16 * 1024 * 1024)).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return new FuzzReport(seed, count, first, seeds.All.Count, seeds.HasCpuMap, exits,
            failures.Values.OrderBy(f => f.Index).ToList(), failing, sw.Elapsed, usage);
    }

    /// <summary>The first line of an exit-2 message with the case's file names blanked, so equal causes count together.</summary>
    internal static string UsageMessage(string stderr, string dir)
    {
        var line = stderr.Split('\n')[0].TrimEnd('\r').Replace(dir, "{case}", StringComparison.Ordinal);
        line = System.Text.RegularExpressions.Regex.Replace(line, @"input-\d+|cpu_map-[0-9a-f]{8}|:\d+:\d+:", m => m.Value[0] switch
        {
            'i' => "input-N",
            'c' => "cpu_map-N",
            _ => ":L:C:",
        }, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        return line.Length > 120 ? line[..120] + "…" : line;
    }

    /// <summary>What the last input printed on stderr (for replays).</summary>
    public string LastStderr { get; private set; } = "";

    /// <summary>Plans and runs input number <paramref name="index"/>.</summary>
    public (FuzzCase Case, FuzzFailure? Failure, int Exit) RunOne(int seed, int index, string? dir = null)
    {
        var (c, failure, exit, _) = RunCase(seed, index, dir);
        return (c, failure, exit);
    }

    private (FuzzCase Case, FuzzFailure? Failure, int Exit, string Stderr) RunCase(int seed, int index, string? dir)
    {
        dir ??= workDir;
        var rng = new Random(Mix(seed, index));
        var cmd = Commands[index % Commands.Count];
        // Each command takes the corpus' libvirt releases in turn, so every release's cpu_map is fuzzed with it.
        var c = CommandRecipes.Plan(rng, cmd, seeds, _mutator, dir, turn: index / Commands.Count);
        var debug = rng.Next(10) == 0;
        Directory.CreateDirectory(dir);
        foreach (var (path, bytes) in c.Files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
        // The case records the arguments really run, --debug included, so a replay is exact.
        if (debug) c = c with { Args = [.. c.Args, "--debug"] };
        var args = c.Args;

        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var ctx = new CliContext(new MemoryStream(c.Stdin), stdout, stderr);
        Exception? escaped = null;
        var exit = -1;
        var task = Task.Run(() =>
        {
            try
            {
                exit = Invoke(args, ctx);
            }
            catch (Exception ex)
            {
                escaped = ex;
            }
        });
        if (!task.Wait(Timeout))
        {
            return (c, new FuzzFailure(index, $"hang: {c.Command} ran longer than {Timeout.TotalSeconds} s", "", c, -1, ""), -1, "");
        }
        var err = stderr.ToString();
        if (dir == workDir) LastStderr = err;
        string? signature = null, detail = null;
        if ((escaped ?? ctx.Unexpected) is { } ex)
        {
            signature = Signature(ex);
            detail = ex.ToString();
        }
        else if (exit is < 0 or > 2) (signature, detail) = ($"exit code {exit}", err);
        else if (exit == 2 && stdout.Length > 0 && !IsJsonFailure(c, stdout.ToArray())) (signature, detail) = ("stdout written on exit 2", err);
        else if (exit != 0 && err.Trim().Length == 0 && stdout.Length == 0) (signature, detail) = ($"exit {exit} without a message", "");
        else if (!debug && err.Contains("\n   at ", StringComparison.Ordinal)) (signature, detail) = ("stack trace without --debug", err);
        else if (c.InPlaceFile is { } f && exit != 0 && !File.ReadAllBytes(f).AsSpan().SequenceEqual(c.Files[f]))
        {
            (signature, detail) = ("failed --in-place changed the file", err);
        }
        else if (Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories).Length > 0) (signature, detail) = ("temp file left behind", err);
        var failure = signature is null ? null : new FuzzFailure(index, $"{signature} [{c.Command}]", detail!, c, exit, err);
        foreach (var sub in Directory.GetDirectories(dir, "cpu_map-*")) Directory.Delete(sub, recursive: true);
        return (c, failure, exit, err);
    }

    /// <summary>With --json a failure prints its error object on stdout (and validate its array, unreadable files
    /// included): that is the only output allowed on exit 2.</summary>
    private static bool IsJsonFailure(FuzzCase c, byte[] stdout)
    {
        if (!c.Args.Contains("--json")) return false;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(stdout);
            var root = json.RootElement;
            return root.ValueKind == System.Text.Json.JsonValueKind.Array && c.Command == "validate" ||
                   root.ValueKind == System.Text.Json.JsonValueKind.Object && root.EnumerateObject().Select(p => p.Name).SequenceEqual(["error"]);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>The exception type and the first frame in DomainCpu code: the same bug gives the same signature.</summary>
    public static string Signature(Exception ex)
    {
        var frame = (ex.StackTrace ?? "").Split('\n')
            .Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith("at DomainCpu.", StringComparison.Ordinal));
        if (frame is not null)
        {
            var paren = frame.IndexOf('(');
            if (paren > 0) frame = frame[..paren];
        }
        return $"{ex.GetType().Name} {frame ?? "(no DomainCpu frame)"}";
    }

    /// <summary>Mixes the run seed and the input number into the seed of that input's generator (SplitMix64).</summary>
    public static int Mix(int seed, int index)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}

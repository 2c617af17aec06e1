using System.CommandLine;
using DomainCpu.Cli;

namespace DomainCpu.Fuzz;

/// <summary>A command the fuzzer drives: its path below the root (e.g. <c>models show</c>) and its definition.</summary>
public sealed record FuzzCommand(string Path, Command Command);

/// <summary>A file a command reads, and the seed kinds that fit it.</summary>
internal sealed record InputSlot(string Label, InputKind[] Kinds);

/// <summary>One planned invocation: arguments, standard input, and which input was mutated how.</summary>
public sealed record FuzzCase(string Command, string[] Args, byte[] Stdin, string MutatedSlot, string SeedName,
    IReadOnlyList<string> Steps, IReadOnlyDictionary<string, byte[]> Files, string? InPlaceFile, string WorkDir);

/// <summary>
/// Finds every command from the CLI's own command tree (so new commands are fuzzed without listing them here)
/// and builds arguments for each from its declared arguments and options: files get seeds of a fitting kind,
/// known value options get plausible and hostile values.
/// </summary>
public static class CommandRecipes
{
    private static readonly InputKind[] GuestKinds = [InputKind.Domain, InputKind.Cpu];
    private static readonly InputKind[] HostKinds = [InputKind.Capabilities, InputKind.Cpu, InputKind.DomainCapabilities];

    /// <summary>Options whose value is a file of a known kind (global or per command).</summary>
    private static readonly Dictionary<string, InputKind[]> FileOptions = new(StringComparer.Ordinal)
    {
        ["--caps"] = HostKinds,
        ["--domcaps"] = [InputKind.DomainCapabilities],
        ["--qemu-caps"] = [InputKind.QemuCaps],
        ["--cpuid"] = [InputKind.CpuData],
        ["--qemu-host"] = [InputKind.Json],
    };

    /// <summary>Values for options and arguments that are not files.</summary>
    private static readonly Dictionary<string, string[]> Values = new(StringComparer.Ordinal)
    {
        ["--machine"] = ["pc", "q35", "pc-i440fx-7.2", "pc-q35-7.2", "pc-q35-2.6", "virt", "", "none"],
        ["--kind"] = ["domain", "capabilities", "domaincaps", "cpu", "bogus"],
        ["--arch"] = ["x86_64", "i686", "aarch64", "bogus"],
        ["--virt-type"] = ["kvm", "qemu", "bogus"],
        ["--model"] = ["Skylake-Client", "qemu64", "host", "Nehalem", "bogus"],
        ["NAME"] = ["Skylake-Client", "Skylake-Client-v4", "qemu64", "host", "EPYC-Rome", "Opteron_G1", "", "x", "../../etc/passwd"],
        ["MODEL"] = ["Skylake-Client", "qemu64", "host", "", "bogus"],
        ["GUEST"] = ["fuzz-guest", ""],
        ["OP"] = ["prepare", "start", "started", "stopped", "release", "migrate", "restore", "reconnect", "attach", "bogus"],
        ["SUBOP"] = ["begin", "end", "-", "bogus"],
        ["EXTRA"] = ["-", ""],
        ["COMMAND"] = ["format", "validate", "expand", "strip", "migratable", "argv", "compare", "baseline", "models",
            "capabilities", "policy", "diff", "hook", "help", "bogus", "", "../format"],
        ["FEATURE"] = ["vmx", "avx2", "invtsc", "bogus", ""],
    };

    /// <summary>Options that only make sense with another one (given together nearly always).</summary>
    private static readonly Dictionary<string, string> Companions = new(StringComparer.Ordinal)
    {
        ["--qemu-caps"] = "--define",
    };

    /// <summary>Global file options a command cannot do without.</summary>
    private static readonly Dictionary<string, string[]> RequiredGlobals = new(StringComparer.Ordinal)
    {
        ["compare"] = ["--caps"],
    };

    /// <summary>Commands whose main document comes on standard input.</summary>
    private static readonly HashSet<string> StdinCommands = new(StringComparer.Ordinal) { "hook" };

    /// <summary>Every leaf command of the CLI, in a stable order.</summary>
    public static IReadOnlyList<FuzzCommand> Discover()
    {
        var root = DomainCpu.Cli.Program.BuildRoot(new CliContext(Stream.Null, Stream.Null, TextWriter.Null));
        var list = new List<FuzzCommand>();
        foreach (var c in root.Subcommands) Walk(c, c.Name, list);
        return list.OrderBy(c => c.Path, StringComparer.Ordinal).ToList();
    }

    private static void Walk(Command c, string path, List<FuzzCommand> list)
    {
        if (c.Action is not null || c.Subcommands.Count == 0) list.Add(new FuzzCommand(path, c));
        foreach (var s in c.Subcommands) Walk(s, path + " " + s.Name, list);
    }

    /// <summary>Plans one invocation of <paramref name="cmd"/>, mutating one of its inputs.</summary>
    public static FuzzCase Plan(Random rng, FuzzCommand cmd, SeedCorpus seeds, Mutator mutator, string workDir)
    {
        var args = new List<string>(cmd.Path.Split(' '));
        var slots = new List<(InputSlot Slot, int ArgIndex)>();
        var top = cmd.Path.Split(' ')[0];
        string? inPlace = null;
        var useInPlace = false;

        foreach (var o in cmd.Command.Options)
        {
            if (o.Name is "--help" or "-h" or "-?" or "--version") continue;
            if (FileOptions.TryGetValue(o.Name, out var kinds))
            {
                if (rng.Next(3) == 0) continue;
                args.Add(o.Name);
                slots.Add((new InputSlot(o.Name, kinds), args.Count));
                args.Add("");
            }
            else if (o.Name == "--cpu-map")
            {
                if (seeds.CpuMapDir is not null && rng.Next(2) == 0) args.AddRange([o.Name, CpuMapSlot]);
            }
            else if (o.ValueType == typeof(bool))
            {
                if (o.Name == "--in-place")
                {
                    useInPlace = rng.Next(3) == 0;
                    if (useInPlace) args.Add(o.Name);
                }
                else if (rng.Next(3) == 0)
                {
                    args.Add(o.Name);
                }
            }
            else if (Values.TryGetValue(o.Name, out var values) && rng.Next(2) == 0)
            {
                args.AddRange([o.Name, values[rng.Next(values.Length)]]);
            }
        }

        foreach (var (option, companion) in Companions)
        {
            if (args.Contains(option) && !args.Contains(companion) && cmd.Command.Options.Any(o => o.Name == companion) && rng.Next(10) != 0)
            {
                args.Insert(cmd.Path.Split(' ').Length, companion);
                slots = slots.Select(s => (s.Slot, s.ArgIndex + 1)).ToList();
            }
        }

        // Global file options: sometimes, or always where the command needs them.
        var required = RequiredGlobals.GetValueOrDefault(top) ?? [];
        foreach (var name in new[] { "--caps", "--domcaps" })
        {
            if (args.Contains(name)) continue;
            if (required.Contains(name) || rng.Next(4) == 0)
            {
                args.Add(name);
                slots.Add((new InputSlot(name, FileOptions[name]), args.Count));
                args.Add("");
            }
        }
        if (!args.Contains("--cpu-map") && seeds.CpuMapDir is not null && rng.Next(4) == 0) args.AddRange(["--cpu-map", CpuMapSlot]);

        foreach (var a in cmd.Command.Arguments)
        {
            var key = a.Name.ToUpperInvariant();
            if (Values.TryGetValue(key, out var values))
            {
                args.Add(values[rng.Next(values.Length)]);
                continue;
            }
            var many = a.Arity.MaximumNumberOfValues > 1;
            var count = many ? 1 + rng.Next(3) : Math.Max(1, a.Arity.MinimumNumberOfValues);
            var kinds = key.Contains("HOST", StringComparison.Ordinal) ? HostKinds
                : top == "baseline" ? [InputKind.CpuTest, InputKind.Cpu, InputKind.Capabilities]
                : GuestKinds;
            for (var i = 0; i < count; i++)
            {
                slots.Add((new InputSlot($"{key}{(i == 0 ? "" : (i + 1).ToString())}", kinds), args.Count));
                args.Add("");
            }
        }

        var stdinSlot = StdinCommands.Contains(top) ? new InputSlot("stdin", GuestKinds) : null;
        var all = slots.Select(s => s.Slot).ToList();
        if (stdinSlot is not null) all.Add(stdinSlot);
        var mutatedIndex = all.Count == 0 || rng.Next(10) == 0 ? -1 : rng.Next(all.Count);
        var steps = new List<string>();
        string mutatedLabel = "(none)", seedName = "(none)";
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        byte[] stdin = [];

        byte[] Content(int index, InputSlot slot)
        {
            var pool = seeds.Of(slot.Kinds[rng.Next(slot.Kinds.Length)]);
            // Now and then feed a document of the wrong kind: the command must refuse it cleanly.
            if (pool.Count == 0 || rng.Next(8) == 0) pool = seeds.All;
            var seed = pool[rng.Next(pool.Count)];
            if (index != mutatedIndex) return seed.Bytes;
            mutatedLabel = slot.Label;
            seedName = seed.Name;
            return mutator.Mutate(rng, seed.Bytes, steps);
        }

        for (var i = 0; i < slots.Count; i++)
        {
            var (slot, argIndex) = slots[i];
            var bytes = Content(i, slot);
            var isMainFile = slot.Label == "FILE" || i == slots.Count - 1 && !slot.Label.StartsWith('-');
            if (i == mutatedIndex && !useInPlace && slot.Label.StartsWith('F') && rng.Next(5) == 0 && stdinSlot is null)
            {
                stdin = bytes;
                args[argIndex] = "-";
                continue;
            }
            var path = Path.Combine(workDir, $"input-{i}{(slot.Kinds[0] == InputKind.Json ? ".json" : ".xml")}");
            files[path] = bytes;
            args[argIndex] = path;
            if (useInPlace && isMainFile && inPlace is null) inPlace = path;
        }
        if (stdinSlot is not null) stdin = Content(all.Count - 1, stdinSlot);
        var mapIndex = args.IndexOf(CpuMapSlot);
        if (mapIndex >= 0) args[mapIndex] = CpuMap(rng, seeds, mutator, workDir, files, steps);
        return new FuzzCase(cmd.Path, [.. args], stdin, mutatedLabel, seedName, steps, files, inPlace, workDir);
    }

    /// <summary>Stands for the --cpu-map value until the rest of the plan is made.</summary>
    private const string CpuMapSlot = "\0cpu-map";

    /// <summary>The corpus' cpu_map directory, or now and then a copy of it with one file mutated.</summary>
    private static string CpuMap(Random rng, SeedCorpus seeds, Mutator mutator, string workDir, Dictionary<string, byte[]> files, List<string> steps)
    {
        var source = seeds.CpuMapDir!;
        if (rng.Next(6) != 0) return source;
        var names = Directory.GetFiles(source, "*.xml").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToList();
        // A fresh name each time: a process that caches catalogs by folder must still see the mutation.
        var target = Path.Combine(workDir, $"cpu_map-{rng.Next():x8}");
        // Mostly the files everything starts from, so the mutation is seen; sometimes any model file.
        var victim = rng.Next(3) switch
        {
            0 => "index.xml",
            1 => names.Contains("x86_features.xml") ? "x86_features.xml" : names[rng.Next(names.Count)]!,
            _ => names[rng.Next(names.Count)]!,
        };
        var marker = new List<string>();
        foreach (var name in names)
        {
            var bytes = File.ReadAllBytes(Path.Combine(source, name!));
            if (name == victim) bytes = mutator.Mutate(rng, bytes, marker);
            files[Path.Combine(target, name!)] = bytes;
        }
        steps.Add($"cpu_map/{victim}: {string.Join("; ", marker)}");
        return target;
    }
}

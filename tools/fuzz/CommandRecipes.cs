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
/// known value options get plausible and hostile values. Only one input of a case is mutated; its companions
/// (host capabilities, domain capabilities, host CPUs, the options a command cannot do without) are valid, so
/// most inputs get past argument checks into the command's real work.
/// </summary>
public static class CommandRecipes
{
    private static readonly InputKind[] GuestKinds = [InputKind.Domain, InputKind.Cpu];
    private static readonly InputKind[] HostKinds = [InputKind.Capabilities, InputKind.HostCpu, InputKind.DomainCapabilities];
    private static readonly InputKind[] AnyXml =
        [InputKind.Domain, InputKind.Cpu, InputKind.HostCpu, InputKind.Capabilities, InputKind.DomainCapabilities];

    /// <summary>Options whose value is a file of a known kind (global or per command).</summary>
    private static readonly Dictionary<string, InputKind[]> FileOptions = new(StringComparer.Ordinal)
    {
        ["--caps"] = HostKinds,
        ["--hosts"] = HostKinds,
        ["--domcaps"] = [InputKind.DomainCapabilities],
        ["--qemu-caps"] = [InputKind.QemuCaps],
        ["--cpuid"] = [InputKind.CpuData],
        ["--qemu-cpu"] = [InputKind.CpuData],
        ["--qemu-cpu-disabled"] = [InputKind.CpuData],
        ["--qemu-host"] = [InputKind.Json, InputKind.QemuCaps],
    };

    /// <summary>Values for options that are not files (a hostile one among them, rarer than the good ones).</summary>
    private static readonly Dictionary<string, string[]> OptionValues = new(StringComparer.Ordinal)
    {
        ["--machine"] = ["pc", "q35", "pc-i440fx-7.2", "pc-q35-7.2", "pc-q35-2.6", "pc", "q35", "virt", "", "none"],
        ["--kind"] = ["domain", "capabilities", "domaincaps", "cpu", "bogus"],
        ["--arch"] = ["x86_64", "i686", "aarch64", "bogus"],
        ["--virt-type"] = ["kvm", "qemu", "bogus"],
        ["--model"] = ["Skylake-Client", "qemu64", "host", "Nehalem", "bogus"],
        ["--format"] = ["xml", "json", "xen", "xml", "json", "xen", "bogus"],
    };

    /// <summary>Values of arguments that are not files, per command (every other argument is a file).</summary>
    private static readonly Dictionary<string, Dictionary<string, string[]>> ArgumentValues = new(StringComparer.Ordinal)
    {
        ["hook"] = new(StringComparer.Ordinal)
        {
            ["GUEST"] = ["fuzz-guest", "fuzz-guest", ""],
            // Mostly the operations that do work (check at prepare, filter at migrate and restore).
            ["OP"] = ["prepare", "prepare", "prepare", "migrate", "restore", "start", "started", "stopped", "release", "reconnect", "attach", "bogus"],
            ["SUBOP"] = ["begin", "begin", "begin", "begin", "end", "-", "bogus"],
            ["EXTRA"] = ["-", "-", ""],
        },
        ["models show"] = new(StringComparer.Ordinal)
        {
            ["NAME"] = ["Skylake-Client", "Skylake-Client-v4", "qemu64", "host", "EPYC-Rome", "Opteron_G1", "Haswell-noTSX",
                "", "x", "../../etc/passwd"],
        },
        ["help"] = new(StringComparer.Ordinal)
        {
            ["COMMAND"] = ["format", "validate", "expand", "strip", "migratable", "argv", "compare", "baseline", "models",
                "capabilities", "policy", "diff", "hook", "help", "bogus", "", "../format"],
        },
    };

    /// <summary>The seed kinds of file arguments, where a command's differ from a guest document.</summary>
    private static readonly Dictionary<string, InputKind[]> ArgumentKinds = new(StringComparer.Ordinal)
    {
        ["baseline"] = [InputKind.CpuTest, InputKind.HostCpu, InputKind.Capabilities],
        ["validate"] = AnyXml,
    };

    /// <summary>Options a command cannot do without: given nine times in ten (the tenth checks the refusal).</summary>
    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["compare"] = ["--caps"],
        ["expand"] = ["--live"],
        ["policy audit"] = ["--caps"],
        ["policy default"] = ["--caps"],
        ["policy max"] = ["--caps"],
    };

    /// <summary>How often (one in N) an optional global host file is given; the default is one in four.</summary>
    private static readonly Dictionary<string, int> HostFileOdds = new(StringComparer.Ordinal)
    {
        ["expand"] = 2,
    };

    /// <summary>Options that only make sense with another one (given together nine times in ten).</summary>
    private static readonly Dictionary<string, string> Companions = new(StringComparer.Ordinal)
    {
        ["--qemu-caps"] = "--define",
        ["--qemu-cpu"] = "--cpu-map",
        ["--qemu-cpu-disabled"] = "--cpu-map",
    };

    /// <summary>Options that exclude others (dropped nine times in ten when both were picked).</summary>
    private static readonly Dictionary<string, string[]> Excludes = new(StringComparer.Ordinal)
    {
        ["--dump-cpuid"] = ["--json", "--qemu-host"],
        ["--hosts"] = ["--caps"],
        ["--cpuid"] = ["--caps"],
        ["--no-host"] = ["--cpuid", "--caps"],
    };

    /// <summary>Commands whose main document comes on standard input.</summary>
    private static readonly HashSet<string> StdinCommands = new(StringComparer.Ordinal) { "hook" };

    private static readonly string[] GlobalHostFiles = ["--caps", "--domcaps"];

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

    /// <summary>Picks the options of one invocation: each with its own odds, then required ones, companions and
    /// exclusions applied. Returns them in the command's declaration order, global host files last.</summary>
    private static List<string> PickOptions(Random rng, FuzzCommand cmd, SeedCorpus seeds)
    {
        var required = Required.GetValueOrDefault(cmd.Path) ?? [];
        var declared = cmd.Command.Options.Select(o => o.Name).ToList();
        var picked = new List<string>();
        foreach (var o in cmd.Command.Options)
        {
            if (o.Name is "--help" or "-h" or "-?" or "--version") continue;
            var odds = required.Contains(o.Name) ? rng.Next(10) != 0
                : o.Name == "--cpu-map" ? seeds.HasCpuMap && rng.Next(2) == 0
                : o.Name == "--config" ? rng.Next(4) != 0
                : o.Name == "--hosts" ? rng.Next(3) == 0
                : FileOptions.ContainsKey(o.Name) ? rng.Next(3) != 0
                : o.ValueType == typeof(bool) ? rng.Next(3) == 0
                : OptionValues.ContainsKey(o.Name) && rng.Next(2) == 0;
            if (odds) picked.Add(o.Name);
        }
        // A subcommand takes the shared options its command offers (each command offers only those it uses).
        var inherited = cmd.Command.Parents.OfType<System.CommandLine.Command>().SelectMany(p => p.Options)
            .Where(o => o.Recursive).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var hostOdds = HostFileOdds.GetValueOrDefault(cmd.Path, 4);
        foreach (var name in GlobalHostFiles)
        {
            if (declared.Contains(name) || !inherited.Contains(name)) continue;
            if (required.Contains(name) ? rng.Next(10) != 0 : rng.Next(hostOdds) == 0) picked.Add(name);
        }
        if (!picked.Contains("--cpu-map") && inherited.Contains("--cpu-map") && seeds.HasCpuMap && rng.Next(4) == 0) picked.Add("--cpu-map");

        foreach (var (option, companion) in Companions)
        {
            if (!picked.Contains(option) || picked.Contains(companion)) continue;
            if (companion == "--cpu-map" && !seeds.HasCpuMap)
            {
                // Without a cpu_map to give, the option could only ever be refused.
                picked.Remove(option);
                continue;
            }
            if (rng.Next(10) == 0) continue;
            if (declared.Contains(companion) || companion == "--cpu-map") picked.Add(companion);
        }
        foreach (var (option, excluded) in Excludes)
        {
            if (!picked.Contains(option)) continue;
            foreach (var e in excluded)
            {
                if (rng.Next(10) != 0) picked.Remove(e);
            }
        }
        var order = declared.Concat(GlobalHostFiles).Append("--cpu-map").ToList();
        return picked.Distinct().OrderBy(order.IndexOf).ToList();
    }

    /// <summary>Plans one invocation of <paramref name="cmd"/>, mutating one of its inputs.</summary>
    public static FuzzCase Plan(Random rng, FuzzCommand cmd, SeedCorpus seeds, Mutator mutator, string workDir, int turn = 0)
    {
        var args = new List<string>(cmd.Path.Split(' '));
        // Files the command reads; ArgIndex -1 marks one named in the hook's configuration file instead.
        var slots = new List<(InputSlot Slot, int ArgIndex)>();
        string? inPlace = null;
        var useInPlace = false;
        var options = cmd.Command.Options.ToDictionary(o => o.Name, StringComparer.Ordinal);

        foreach (var name in PickOptions(rng, cmd, seeds))
        {
            if (FileOptions.TryGetValue(name, out var kinds))
            {
                args.Add(name);
                slots.Add((new InputSlot(name, kinds), args.Count));
                args.Add("");
            }
            else if (name == "--cpu-map") args.AddRange([name, CpuMapSlot]);
            else if (name == "--config") args.AddRange([name, HookConfigSlot]);
            else if (OptionValues.TryGetValue(name, out var values)) args.AddRange([name, values[rng.Next(values.Length)]]);
            else if (options.TryGetValue(name, out var o) && o.ValueType == typeof(bool))
            {
                if (name == "--in-place") useInPlace = true;
                args.Add(name);
            }
        }

        var hookConfig = new List<(string Key, int Slot)>();
        if (args.Contains(HookConfigSlot))
        {
            foreach (var (key, kinds) in new[] { ("domcaps", FileOptions["--domcaps"]), ("caps", HostKinds), ("qemu-caps", FileOptions["--qemu-caps"]) })
            {
                var give = key switch { "domcaps" => rng.Next(4) != 0, "caps" => rng.Next(2) == 0, _ => rng.Next(4) == 0 };
                if (give)
                {
                    hookConfig.Add((key, slots.Count));
                    slots.Add((new InputSlot($"hook.conf {key}", kinds), -1));
                }
            }
        }

        var argValues = ArgumentValues.GetValueOrDefault(cmd.Path);
        foreach (var a in cmd.Command.Arguments)
        {
            var key = a.Name.ToUpperInvariant();
            if (argValues is not null && argValues.TryGetValue(key, out var values))
            {
                args.Add(values[rng.Next(values.Length)]);
                continue;
            }
            var many = a.Arity.MaximumNumberOfValues > 1;
            var count = many ? 1 + rng.Next(3) : Math.Max(1, a.Arity.MinimumNumberOfValues);
            var kinds = key.Contains("HOST", StringComparison.Ordinal) ? HostKinds : ArgumentKinds.GetValueOrDefault(cmd.Path, GuestKinds);
            for (var i = 0; i < count; i++)
            {
                slots.Add((new InputSlot($"{key}{(i == 0 ? "" : (i + 1).ToString())}", kinds), args.Count));
                args.Add("");
            }
        }

        var stdinSlot = StdinCommands.Contains(cmd.Path) ? new InputSlot("stdin", GuestKinds) : null;
        var all = slots.Select(s => s.Slot).ToList();
        if (stdinSlot is not null) all.Add(stdinSlot);
        var mutatedIndex = all.Count == 0 || rng.Next(10) == 0 ? -1 : rng.Next(all.Count);
        var steps = new List<string>();
        string mutatedLabel = "(none)", seedName = "(none)";
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        byte[] stdin = [];

        byte[] Content(int index, InputSlot slot)
        {
            var fitting = slot.Kinds.Where(k => seeds.Of(k).Count > 0).ToList();
            var pool = fitting.Count == 0 ? seeds.All : seeds.Of(fitting[rng.Next(fitting.Count)]);
            // Now and then the mutated input is a document of the wrong kind: the command must refuse it cleanly.
            // Its companions always fit, so the command gets as far as the mutated input lets it.
            if (index == mutatedIndex && rng.Next(8) == 0) pool = seeds.All;
            var seed = pool[rng.Next(pool.Count)];
            if (index != mutatedIndex) return seed.Bytes;
            mutatedLabel = slot.Label;
            seedName = seed.Name;
            return mutator.Mutate(rng, seed.Bytes, steps);
        }

        var names = new string[slots.Count];
        for (var i = 0; i < slots.Count; i++)
        {
            var (slot, argIndex) = slots[i];
            var bytes = Content(i, slot);
            var isMainFile = slot.Label == "FILE" || i == slots.Count - 1 && !slot.Label.StartsWith('-');
            if (argIndex >= 0 && i == mutatedIndex && !useInPlace && slot.Label.StartsWith('F') && rng.Next(5) == 0 && stdinSlot is null)
            {
                stdin = bytes;
                args[argIndex] = "-";
                continue;
            }
            names[i] = $"input-{i}{(slot.Kinds[0] == InputKind.Json && !bytes.AsSpan().TrimStart(" \t\r\n"u8).StartsWith("<"u8) ? ".json" : ".xml")}";
            var path = Path.Combine(workDir, names[i]);
            files[path] = bytes;
            if (argIndex >= 0) args[argIndex] = path;
            if (useInPlace && isMainFile && inPlace is null) inPlace = path;
        }
        if (stdinSlot is not null) stdin = Content(all.Count - 1, stdinSlot);
        var configIndex = args.IndexOf(HookConfigSlot);
        if (configIndex >= 0)
        {
            // Paths in the file are relative to it, so a saved case replays from its own folder.
            var text = string.Concat(hookConfig.Select(c => $"{c.Key} = {names[c.Slot]}\n"));
            if (rng.Next(4) == 0) text += $"check = {(rng.Next(2) == 0 ? "yes" : "no")}\n";
            if (rng.Next(4) == 0) text += $"pin-version = {(rng.Next(2) == 0 ? "yes" : "no")}\n";
            var path = Path.Combine(workDir, "hook.conf");
            files[path] = System.Text.Encoding.UTF8.GetBytes(text);
            args[configIndex] = path;
        }
        var mapIndex = args.IndexOf(CpuMapSlot);
        if (mapIndex >= 0) args[mapIndex] = CpuMap(rng, seeds.CpuMapFor(turn), mutator, workDir, files, steps);
        return new FuzzCase(cmd.Path, [.. args], stdin, mutatedLabel, seedName, steps, files, inPlace, workDir);
    }

    /// <summary>Stands for the hook's --config value until the files it names are planned.</summary>
    private const string HookConfigSlot = "\0hook.conf";

    /// <summary>Stands for the --cpu-map value until the rest of the plan is made.</summary>
    private const string CpuMapSlot = "\0cpu-map";

    /// <summary>A release's cpu_map directory from the corpus, or now and then a copy of it with one file mutated.</summary>
    private static string CpuMap(Random rng, string source, Mutator mutator, string workDir, Dictionary<string, byte[]> files, List<string> steps)
    {
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

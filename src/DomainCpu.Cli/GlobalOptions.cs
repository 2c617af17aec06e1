using System.CommandLine;

namespace DomainCpu.Cli;

/// <summary>The options several commands share (DESIGN.md, CLI contract). Each command is offered only the ones it uses, so
/// its <c>--help</c> tells the truth and an option it would ignore is a usage error: the target options where the command
/// loads CPU models, <c>--caps</c> and <c>--domcaps</c> where it reads the host from them. <c>--debug</c> is everywhere.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> CpuMap { get; } = new("--cpu-map")
    {
        Description = "Use a libvirt cpu_map directory instead of the target release's embedded cpu_map models",
        Recursive = true,
    };

    public Option<string?> Libvirt { get; } = new("--libvirt")
    {
        Description = "Answer as this libvirt release does (9.0, 11.3, 12.8; others take the rules introduced up to them)",
        HelpName = "VERSION",
        Recursive = true,
    };

    public Option<string?> Qemu { get; } = new("--qemu")
    {
        Description = "Answer for this QEMU release's CPU models (default: from --qemu-caps, else the one libvirt's distribution ships)",
        HelpName = "VERSION",
        Recursive = true,
    };

    public Option<string?> Caps { get; } = new("--caps")
    {
        Description = "Host capabilities XML (or a standalone host <cpu>)",
        Recursive = true,
    };

    public Option<string?> DomCaps { get; } = new("--domcaps")
    {
        Description = "Domain capabilities XML",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Say on standard error which target (libvirt release, CPU models, QEMU) answers, and why",
        Recursive = true,
    };

    public Option<bool> Debug { get; } = new("--debug")
    {
        Description = "Show a stack trace when a command fails unexpectedly",
        Recursive = true,
    };

    /// <summary>The commands that answer for a target (they load CPU models or a QEMU catalog).</summary>
    private static readonly HashSet<string> TargetCommands =
        ["argv", "baseline", "capabilities", "compare", "diff", "expand", "format", "hook", "migratable", "models", "policy", "validate"];

    /// <summary>The commands that read the host from <c>--caps</c>.</summary>
    private static readonly HashSet<string> CapsCommands = ["argv", "compare", "expand", "models", "policy"];

    /// <summary>The commands that read domain capabilities from <c>--domcaps</c>.</summary>
    private static readonly HashSet<string> DomCapsCommands = ["argv", "expand"];

    public void AddTo(RootCommand root) => root.Options.Add(Debug);

    private static readonly string[] Shared = ["--libvirt", "--qemu", "--cpu-map", "--verbose", "--caps", "--domcaps"];

    /// <summary>The command line with the shared options given before the command name moved after it (where the command
    /// that takes them finds them, and one that does not refuses them): <c>--libvirt 9.0 format F</c> is
    /// <c>format --libvirt 9.0 F</c>.</summary>
    public static string[] CommandFirst(string[] args)
    {
        var moved = new List<string>();
        var i = 0;
        while (i < args.Length)
        {
            var name = args[i].Split('=')[0];
            if (name is "--verbose" or "--debug") moved.Add(args[i++]);
            else if (Shared.Contains(name))
            {
                moved.Add(args[i++]);
                if (!args[i - 1].Contains('=') && i < args.Length) moved.Add(args[i++]);
            }
            else break;
        }
        if (moved.Count == 0 || i >= args.Length) return args;
        return [args[i], .. moved, .. args[(i + 1)..]];
    }

    /// <summary>The shared options among <paramref name="args"/> that <paramref name="command"/> does not take (to say so
    /// when the command line does not parse).</summary>
    public static IEnumerable<string> NotTakenBy(Command command, IEnumerable<string> args)
    {
        var taken = command.Options.Select(o => o.Name)
            .Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options).Where(o => o.Recursive).Select(o => o.Name))
            .ToHashSet(StringComparer.Ordinal);
        return args.Select(a => a.Split('=')[0]).Where(a => Shared.Contains(a) && !taken.Contains(a)).Distinct();
    }

    /// <summary>Offers a top-level command the shared options it uses (its subcommands inherit them).</summary>
    public void AddTo(Command command)
    {
        if (TargetCommands.Contains(command.Name))
        {
            command.Options.Add(Libvirt);
            command.Options.Add(Qemu);
            command.Options.Add(CpuMap);
            command.Options.Add(Verbose);
        }
        if (CapsCommands.Contains(command.Name)) command.Options.Add(Caps);
        if (DomCapsCommands.Contains(command.Name)) command.Options.Add(DomCaps);
    }
}

using System.Collections.Immutable;
using System.CommandLine;
using DomainCpu.Start;

namespace DomainCpu.Cli;

/// <summary><c>--host-paths</c> of <c>expand</c>: the files QEMU can open on the host, for the disk images that
/// <c>&lt;qemu:commandline&gt;</c> names (QEMU exits when one is missing), when the host files describe another machine.
/// Without it, this machine's files are asked when no host file is named, and images are not checked otherwise.</summary>
internal sealed class HostPathOptions
{
    public Option<string?> Paths { get; } = new("--host-paths")
    {
        Description = "The paths that exist on the host, comma-separated absolute paths, or none (default: this machine's, when no host file is given)",
    };

    public void AddTo(Command command) => command.Options.Add(Paths);

    /// <summary>The context with the paths the option gives, else this machine's when <paramref name="files"/> name none.</summary>
    /// <exception cref="CliUsageException">The option's value does not read.</exception>
    public StartContext Apply(StartContext context, ParseResult r, HostFiles files)
    {
        if (r.GetValue(Paths) is not { } text) return files.ThisMachineIsTheHost ? context with { HostPathExists = ThisMachineHas } : context;
        if (text == "none") return context with { HostPathExists = _ => false };
        var paths = text.Split(',', StringSplitOptions.TrimEntries);
        if (paths.Any(p => !p.StartsWith('/'))) throw new CliUsageException($"--host-paths takes absolute paths (/var/lib/a.img,/dev/sdb) or none, not '{text}'");
        var set = paths.Select(p => Path.TrimEndingDirectorySeparator(p)).ToImmutableHashSet(StringComparer.Ordinal);
        return context with { HostPathExists = p => set.Contains(p) };
    }

    /// <summary>Whether this machine has the path (a file, a device or a directory).</summary>
    public static bool ThisMachineHas(string path) => File.Exists(path) || Directory.Exists(path);
}

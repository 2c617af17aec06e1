using System.CommandLine;
using System.Collections.Immutable;
using DomainCpu.Start;

namespace DomainCpu.Cli;

/// <summary><c>--host-cpus</c> and <c>--cgroups</c> of <c>expand</c>: what a real start's thread setup asks of the host
/// (the CPUs a pinned thread can run on, the cgroup controllers a scheduler quota needs) when the host files describe
/// another machine. Without them, host capabilities give the online CPUs, and this machine's facts are read when no host
/// file is named.</summary>
internal sealed class HostThreadOptions
{
    public Option<string?> HostCpus { get; } = new("--host-cpus")
    {
        Description = "The host's online CPUs, as a cpuset (0-3,8) (default: host capabilities' topology, else this machine's, when no host file is given)",
    };

    public Option<string?> Cgroups { get; } = new("--cgroups")
    {
        Description = "The cgroup controllers libvirt can use for the guest, comma-separated (cpu,cpuset,…), or none (default: this machine's, when no host file is given)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(HostCpus);
        command.Options.Add(Cgroups);
    }

    /// <summary>The context with the facts the options give, else this machine's when <paramref name="files"/> name none.</summary>
    /// <exception cref="CliUsageException">An option's value does not read.</exception>
    public StartContext Apply(StartContext context, ParseResult r, HostFiles files)
    {
        var probe = files.ThisMachineIsTheHost;
        var cpus = r.GetValue(HostCpus) is { } text
            ? HostDocuments.ReadCpuSet(text) ?? throw new CliUsageException($"--host-cpus takes a cpuset (0-3,8), not '{text}'")
            : context.HostCpus ?? (probe ? HostThreadProbe.OnlineCpus() : null);
        var cgroups = r.GetValue(Cgroups) is { } list
            ? Controllers(list)
            : probe ? HostThreadProbe.CgroupControllers() : null;
        return context with { HostCpus = cpus, CgroupControllers = cgroups };
    }

    private static ImmutableSortedSet<string> Controllers(string text)
    {
        if (text == "none") return [];
        var names = text.Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(n => n.Length == 0 || !n.All(c => char.IsAsciiLetterLower(c) || c == '_')))
        {
            throw new CliUsageException($"--cgroups takes controller names (cpu,cpuset,memory) or none, not '{text}'");
        }
        return names.ToImmutableSortedSet(StringComparer.Ordinal);
    }
}

using System.CommandLine;
using System.Collections.Immutable;
using System.Globalization;
using DomainCpu.Start;

namespace DomainCpu.Cli;

/// <summary><c>--numad</c> and <c>--hugetlbfs</c> of the commands that start a domain (<c>argv</c>, <c>expand</c>): the
/// host's memory facts (<see cref="HostMemoryFacts"/>) when the host files describe another machine; without them, this
/// machine's facts are read when no host file is named, else none are known and nothing is checked.</summary>
internal sealed class HostMemoryOptions
{
    public Option<string?> Numad { get; } = new("--numad") { Description = "Whether numad advises the host: yes or no (default: numad on this machine's PATH, when no host file is given)" };

    public Option<string?> Hugetlbfs { get; } = new("--hugetlbfs")
    {
        Description = "The page sizes (KiB, comma-separated) of the host's hugetlbfs mounts, or none (default: this machine's /proc/mounts, when no host file is given)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Numad);
        command.Options.Add(Hugetlbfs);
    }

    /// <summary>The facts the options give, else this machine's when <paramref name="files"/> name none, else null.</summary>
    /// <exception cref="CliUsageException">An option's value does not read.</exception>
    public HostMemoryFacts? Facts(ParseResult r, HostFiles files)
    {
        var numad = r.GetValue(Numad);
        var hugetlbfs = r.GetValue(Hugetlbfs);
        if (numad is null && hugetlbfs is null)
        {
            return files.ThisMachineIsTheHost ? HostMemoryProbe.Probe() : null;
        }
        var advice = numad switch
        {
            null or "no" => false,
            "yes" => true,
            _ => throw new CliUsageException($"--numad takes yes or no, not '{numad}'"),
        };
        return new HostMemoryFacts(advice, PageSizes(hugetlbfs));
    }

    private static ImmutableArray<ulong> PageSizes(string? text)
    {
        if (text is null or "none") return [];
        return text.Split(',', StringSplitOptions.TrimEntries).Select(s =>
            ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var kib) && kib > 0
                ? kib
                : throw new CliUsageException($"--hugetlbfs takes page sizes in KiB (2048,1048576) or none, not '{text}'")).ToImmutableArray();
    }
}

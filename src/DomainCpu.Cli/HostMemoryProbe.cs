using System.Collections.Immutable;
using System.Globalization;
using DomainCpu.Start;

namespace DomainCpu.Cli;

/// <summary>This machine's <see cref="HostMemoryFacts"/>, read as libvirt reads them: numad is whatever <c>numad</c>
/// PATH finds (libvirt 11.4 and later look helpers up at run time), and the hugetlbfs mounts are those of /proc/mounts,
/// each with its <c>pagesize=</c> option or else the default huge page size of /proc/meminfo.</summary>
internal static class HostMemoryProbe
{
    /// <summary>This machine's facts; null where they cannot be read (not Linux, or /proc unreadable).</summary>
    public static HostMemoryFacts? Probe()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var meminfo = File.Exists("/proc/meminfo") ? File.ReadAllText("/proc/meminfo") : null;
            return Read(File.ReadAllText("/proc/mounts"), meminfo, OnPath("numad"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The facts from the text of /proc/mounts and /proc/meminfo and whether numad was found.</summary>
    public static HostMemoryFacts Read(string mounts, string? meminfo, bool numad)
    {
        var defaultKiB = DefaultHugePageKiB(meminfo);
        var sizes = ImmutableArray.CreateBuilder<ulong>();
        foreach (var line in mounts.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[2] != "hugetlbfs") continue;
            var option = fields[3].Split(',').FirstOrDefault(o => o.StartsWith("pagesize=", StringComparison.Ordinal));
            if ((option is null ? defaultKiB : ScaledKiB(option["pagesize=".Length..])) is { } size) sizes.Add(size);
        }
        return new HostMemoryFacts(numad, sizes.ToImmutable());
    }

    private static ulong? DefaultHugePageKiB(string? meminfo)
    {
        var line = meminfo?.Split('\n').FirstOrDefault(l => l.StartsWith("Hugepagesize:", StringComparison.Ordinal));
        var words = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words is { Length: >= 2 } && ulong.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib : null;
    }

    /// <summary>A mount option's size (<c>2M</c>, <c>1G</c>, <c>2048k</c>) in KiB; null when it does not read.</summary>
    private static ulong? ScaledKiB(string text)
    {
        if (text.Length == 0) return null;
        var (digits, shift) = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => (text[..^1], 0),
            'M' => (text[..^1], 10),
            'G' => (text[..^1], 20),
            _ => (text, -10),
        };
        if (!ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
        return shift < 0 ? n / 1024 : n << shift;
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}

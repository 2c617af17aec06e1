using System.Collections.Immutable;
using DomainCpu.Start;

namespace DomainCpu.Cli;

/// <summary>This machine's facts for a started guest's threads: its online CPUs (/sys/devices/system/cpu/online) and the
/// cgroup controllers of its cgroup tree (cgroup v2's root <c>cgroup.controllers</c>, else the enabled controllers of
/// /proc/cgroups). libvirt's embedded driver and a session daemon get no controllers whatever the machine has.</summary>
internal static class HostThreadProbe
{
    /// <summary>The online CPUs; null where they cannot be read.</summary>
    public static ImmutableSortedSet<int>? OnlineCpus() =>
        Read("/sys/devices/system/cpu/online") is { } text ? HostDocuments.ReadCpuSet(text) : null;

    /// <summary>The cgroup controllers; null where they cannot be read.</summary>
    public static ImmutableSortedSet<string>? CgroupControllers()
    {
        if (Read("/sys/fs/cgroup/cgroup.controllers") is { } v2) return Controllers(v2);
        return Read("/proc/cgroups") is { } v1 ? ControllersV1(v1) : null;
    }

    /// <summary>The controllers of a cgroup v2 <c>cgroup.controllers</c> text.</summary>
    public static ImmutableSortedSet<string> Controllers(string text) =>
        text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).ToImmutableSortedSet(StringComparer.Ordinal);

    /// <summary>The enabled controllers of a /proc/cgroups text (name, hierarchy, cgroups, enabled).</summary>
    public static ImmutableSortedSet<string> ControllersV1(string text) =>
        text.Split('\n').Where(l => !l.StartsWith('#')).Select(l => l.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 4 && f[3] == "1" && f[1] != "0").Select(f => f[0]).ToImmutableSortedSet(StringComparer.Ordinal);

    private static string? Read(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

using System.Collections.Immutable;
using System.Globalization;
using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>
/// Reads <see cref="HostFacts"/> from a Linux system the way libvirt does for its host capabilities:
/// microcode and address sizes from <c>/proc/cpuinfo</c>, topology from <c>/sys/devices/system</c> (sockets,
/// cores and threads per NUMA node, with libvirt's fallback to "1 socket, N cores, 1 thread" when the counts do
/// not multiply up to the CPUs), page sizes from <c>/sys/kernel/mm/hugepages</c>, the TSC from KVM.
/// Anything that cannot be read is left unknown.
/// </summary>
internal static class LinuxHostFacts
{
    /// <summary>Reads the facts of this machine.</summary>
    /// <param name="data">The probed CPUID data (decides whether the TSC is worth probing, and gives the address
    /// width when /proc/cpuinfo has none).</param>
    public static HostFacts Probe(CpuidData data) => Probe(data, "/", LinuxKvm.TscInfo);

    /// <summary>Reads the facts below another root directory (tests use a fake tree).</summary>
    /// <param name="data">The CPUID data.</param>
    /// <param name="root">The directory that stands for <c>/</c>.</param>
    /// <param name="tsc">Probes the TSC (frequency in Hz, scaling), or returns null.</param>
    public static HostFacts Probe(CpuidData data, string root, Func<(ulong FrequencyHz, bool Scaling)?> tsc)
    {
        var cpuinfo = ReadFirstProcessor(Path.Combine(root, "proc/cpuinfo"));
        CpuCounter? counter = null;
        if (HasInvariantTsc(data) && tsc() is { } t) counter = new CpuCounter("tsc", t.FrequencyHz, t.Scaling);
        return new HostFacts(
            Microcode: cpuinfo is null ? null : Microcode(cpuinfo),
            Tsc: counter,
            Topology: Topology(Path.Combine(root, "sys/devices/system")),
            PhysAddrBits: (cpuinfo is null ? null : PhysAddrBits(cpuinfo)) ?? PhysAddrBitsOf(data),
            Pages: Pages(Path.Combine(root, "sys/kernel/mm/hugepages")));
    }

    /// <summary>Whether the data has an invariant TSC (leaf 0x80000007 edx bit 8, libvirt's <c>invtsc</c>).</summary>
    public static bool HasInvariantTsc(CpuidData data) => data.HasBit(0x80000007, 0, CpuidRegister.Edx, 8);

    /// <summary>The physical address width of CPUID leaf 0x80000008 (eax bits 7–0); null when absent.</summary>
    public static uint? PhysAddrBitsOf(CpuidData data) =>
        data.Find(0x80000008) is { } l && (l.Eax & 0xff) != 0 ? l.Eax & 0xff : null;

    /// <summary>The first "microcode" value of the first 4 KiB of /proc/cpuinfo (C notation, usually hex); null when none.</summary>
    internal static ulong? Microcode(string cpuinfo)
    {
        var head = cpuinfo.Length > 4096 ? cpuinfo[..4096] : cpuinfo;
        var at = head.IndexOf("microcode", StringComparison.Ordinal);
        if (at < 0) return null;
        var s = head.AsSpan(at + "microcode".Length).TrimStart(" \t");
        if (s.StartsWith(":")) s = s[1..];
        s = s.TrimStart(" \t");
        var end = 0;
        while (end < s.Length && !char.IsWhiteSpace(s[end])) end++;
        var v = CpuidDump.ParseC(s[..end].ToString());
        return v is null or 0 ? null : v;
    }

    /// <summary>The physical bits of the first "address sizes" line; null when none.</summary>
    internal static uint? PhysAddrBits(string cpuinfo)
    {
        foreach (var line in cpuinfo.Split('\n'))
        {
            if (!line.StartsWith("address sizes", StringComparison.Ordinal)) continue;
            var colon = line.IndexOf(':');
            if (colon < 0) return null;
            var rest = line.AsSpan(colon + 1).TrimStart();
            var end = 0;
            while (end < rest.Length && char.IsAsciiDigit(rest[end])) end++;
            return uint.TryParse(rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits : null;
        }
        return null;
    }

    /// <summary>libvirt's node-info topology (SPEC §2.1: dies always 1); null when sysfs cannot be read.</summary>
    internal static CpuTopology? Topology(string system)
    {
        try
        {
            var cpuDir = Path.Combine(system, "cpu");
            var present = ReadCpuList(Path.Combine(cpuDir, "present"));
            var online = ReadCpuList(Path.Combine(cpuDir, "online"));
            if (present is null || online is null) return null;
            var offline = 0;
            var cpus = 0;
            uint nodes = 0, sockets = 0, cores = 0, threads = 0;
            var nodeDir = Path.Combine(system, "node");
            if (Directory.Exists(nodeDir))
            {
                foreach (var node in Directory.EnumerateDirectories(nodeDir))
                {
                    if (!TryIndex(Path.GetFileName(node), "node", out _)) continue;
                    nodes++;
                    var n = ParseNode(node, cpuDir, present, online, ref offline);
                    cpus += n.Cpus;
                    sockets = Math.Max(sockets, n.Sockets);
                    cores = Math.Max(cores, n.Cores);
                    threads = Math.Max(threads, n.Threads);
                }
            }
            if (cpus == 0 || nodes == 0)
            {
                var n = ParseNode(cpuDir, cpuDir, present, online, ref offline);
                (nodes, cpus, sockets, cores, threads) = (1, n.Cpus, n.Sockets, n.Cores, n.Threads);
            }
            if (cpus == 0 || sockets == 0 || threads == 0) return null;
            if ((ulong)nodes * sockets * cores * threads != (ulong)(cpus + offline))
            {
                (sockets, cores, threads) = (1, (uint)(cpus + offline), 1);
            }
            return new CpuTopology(sockets, 1, null, cores, threads);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>One NUMA node (or the whole system): online CPUs counted, distinct sockets, the most cores in one
    /// socket, the most thread siblings of one CPU. Present but offline CPUs are counted in <paramref name="offline"/>.</summary>
    private static (int Cpus, uint Sockets, uint Cores, uint Threads) ParseNode(
        string dir, string cpuDir, SortedSet<int> present, SortedSet<int> online, ref int offline)
    {
        var members = new SortedSet<int>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir))
        {
            if (TryIndex(Path.GetFileName(entry), "cpu", out var cpu) && present.Contains(cpu)) members.Add(cpu);
        }
        var coresBySocket = new Dictionary<int, HashSet<int>>();
        var cpus = 0;
        uint threads = 0;
        foreach (var cpu in members)
        {
            if (!online.Contains(cpu))
            {
                offline++;
                continue;
            }
            cpus++;
            var topo = Path.Combine(cpuDir, $"cpu{cpu}", "topology");
            var socket = ReadInt(Path.Combine(topo, "physical_package_id")) ?? 0;
            var core = ReadInt(Path.Combine(topo, "core_id")) ?? 0;
            if (!coresBySocket.TryGetValue(socket, out var set)) coresBySocket[socket] = set = new HashSet<int>();
            set.Add(core);
            var siblings = ReadCpuList(Path.Combine(topo, "thread_siblings_list"))?.Count ?? 1;
            threads = Math.Max(threads, (uint)siblings);
        }
        var cores = coresBySocket.Count == 0 ? 0 : coresBySocket.Values.Max(s => s.Count);
        return (cpus, (uint)coresBySocket.Count, (uint)cores, threads);
    }

    /// <summary>The page sizes libvirt lists: the system page size, then each hugepage size, ascending.</summary>
    internal static ImmutableArray<HostPages> Pages(string hugepagesDir)
    {
        var sizes = new SortedSet<ulong> { (ulong)Environment.SystemPageSize / 1024 };
        try
        {
            if (Directory.Exists(hugepagesDir))
            {
                foreach (var d in Directory.EnumerateDirectories(hugepagesDir))
                {
                    var name = Path.GetFileName(d);
                    if (name.StartsWith("hugepages-", StringComparison.Ordinal) && name.EndsWith("kB", StringComparison.Ordinal) &&
                        ulong.TryParse(name.AsSpan(10, name.Length - 12), NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
                    {
                        sizes.Add(kib);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return sizes.Select(s => new HostPages("KiB", s)).ToImmutableArray();
    }

    /// <summary>A Linux CPU list such as <c>0-3,8,10-11</c>; null when the file cannot be read.</summary>
    internal static SortedSet<int>? ReadCpuList(string path)
    {
        var text = ReadText(path);
        if (text is null) return null;
        var set = new SortedSet<int>();
        foreach (var part in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-');
            if (dash < 0)
            {
                set.Add(int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture));
                continue;
            }
            var from = int.Parse(part.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture);
            var to = int.Parse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture);
            for (var i = from; i <= to && i - from < 1 << 16; i++) set.Add(i);
        }
        return set;
    }

    private static bool TryIndex(string name, string prefix, out int index)
    {
        index = 0;
        return name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length &&
               int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    /// <summary>The first processor's block of /proc/cpuinfo (up to the first blank line, at most 16 KiB): all that
    /// libvirt looks at, and much cheaper than the whole file, which the kernel builds CPU by CPU.</summary>
    private static string? ReadFirstProcessor(string path)
    {
        try
        {
            if (!File.Exists(path)) return null;
            using var reader = new StreamReader(path);
            var sb = new System.Text.StringBuilder();
            while (reader.ReadLine() is { } line && sb.Length < 16384)
            {
                if (line.Length == 0 && sb.Length > 0) break;
                sb.Append(line).Append('\n');
            }
            return sb.ToString();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int? ReadInt(string path) =>
        ReadText(path) is { } t && int.TryParse(t.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string? ReadText(string path)
    {
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

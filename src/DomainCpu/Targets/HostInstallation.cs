using System.Globalization;
using System.Text.RegularExpressions;

namespace DomainCpu.Targets;

/// <summary>What this host's libvirt installation tells without calling libvirt: its release, its cpu_map directory
/// and the QEMU capabilities records its QEMU driver cached. Found at the edge (<see cref="Discover"/>, the one place
/// that looks at the host's files) and given to <see cref="TargetResolver"/>.</summary>
/// <param name="Libvirt">The installed libvirt release; null when it cannot be told.</param>
/// <param name="CpuMapDirectory">The installed cpu_map directory (with an <c>index.xml</c>); null when absent.</param>
/// <param name="QemuCapabilities">The cached <c>&lt;qemuCaps&gt;</c> records, one per QEMU binary libvirt probed.</param>
public sealed partial record HostInstallation(ReleaseVersion? Libvirt, string? CpuMapDirectory, IReadOnlyList<CachedQemuRecord> QemuCapabilities)
{
    private static readonly string[] LibraryDirectories =
        ["usr/lib/x86_64-linux-gnu", "usr/lib64", "usr/lib", "usr/local/lib64", "usr/local/lib", "usr/lib/aarch64-linux-gnu"];

    private static readonly string[] CpuMapDirectories = ["usr/share/libvirt/cpu_map", "usr/local/share/libvirt/cpu_map"];

    /// <summary>The system QEMU driver's capabilities cache (one <c>&lt;qemuCaps&gt;</c> file per emulator).</summary>
    private const string QemuCacheDirectory = "var/cache/libvirt/qemu/capabilities";

    /// <summary>The cached record of an emulator (by its path, as domains name it in <c>&lt;emulator&gt;</c>); null when
    /// libvirt has not probed it.</summary>
    public CachedQemuRecord? RecordFor(string emulator) => QemuCapabilities.FirstOrDefault(r => r.Emulator == emulator);

    /// <summary>Looks for a libvirt installation under <paramref name="root"/> (<c>/</c> for this host; a chroot's
    /// directory for another): the release from the name of the installed <c>libvirt.so.0.MMMmmm.u</c>, else from a
    /// cached QEMU record's <c>&lt;selfvers&gt;</c>; the cpu_map directory; the QEMU driver's cached records. Null when
    /// no libvirt is installed there.</summary>
    public static HostInstallation? Discover(string root)
    {
        var cpuMap = CpuMapDirectories.Select(d => Path.Combine(root, d))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "index.xml")));
        var records = CachedRecords(Path.Combine(root, QemuCacheDirectory));
        var libvirt = InstalledLibrary(root) ?? records.Select(r => r.WrittenBy).FirstOrDefault(v => v is not null);
        if (libvirt is null && cpuMap is null) return null;
        return new HostInstallation(libvirt, cpuMap, records);
    }

    private static ReleaseVersion? InstalledLibrary(string root)
    {
        foreach (var dir in LibraryDirectories.Select(d => Path.Combine(root, d)).Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(dir, "libvirt.so.0.*"))
            {
                // libvirt names its library after the release: 11.3.0 installs libvirt.so.0.11003.0.
                var m = LibraryName().Match(Path.GetFileName(file));
                if (!m.Success) continue;
                var packed = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                return new ReleaseVersion(packed / 1000, packed % 1000, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            }
        }
        return null;
    }

    private static IReadOnlyList<CachedQemuRecord> CachedRecords(string dir)
    {
        if (!Directory.Exists(dir)) return [];
        var records = new List<CachedQemuRecord>();
        foreach (var file in Directory.EnumerateFiles(dir, "*.xml").Order(StringComparer.Ordinal))
        {
            if (CachedQemuRecord.Peek(file) is { } record) records.Add(record);
        }
        return records;
    }

    [GeneratedRegex(@"^libvirt\.so\.0\.(\d{4,6})\.(\d{1,3})$")]
    private static partial Regex LibraryName();
}

/// <summary>One QEMU capabilities record in libvirt's cache.</summary>
/// <param name="Emulator">The QEMU binary it describes (<c>&lt;emulator&gt;</c>).</param>
/// <param name="File">The cache file.</param>
/// <param name="WrittenBy">The libvirt release that wrote it (<c>&lt;selfvers&gt;</c>); null when unknown.</param>
public sealed partial record CachedQemuRecord(string Emulator, string File, ReleaseVersion? WrittenBy)
{
    /// <summary>Reads the head of a cache file (the emulator and the writer's release come first in it); null when the
    /// file is not a libvirt QEMU capabilities record.</summary>
    internal static CachedQemuRecord? Peek(string file)
    {
        try
        {
            using var stream = System.IO.File.OpenRead(file);
            var head = new byte[1024];
            var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            var text = System.Text.Encoding.UTF8.GetString(head, 0, n);
            if (!text.Contains("<qemuCaps>", StringComparison.Ordinal)) return null;
            var emulator = Element(text, "emulator");
            if (emulator is null) return null;
            var self = Element(text, "selfvers") is { } v && ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var packed) && packed > 0
                ? ReleaseVersion.FromPacked(packed)
                : (ReleaseVersion?)null;
            return new CachedQemuRecord(emulator, file, self);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? Element(string text, string name)
    {
        var m = Regex.Match(text, $"<{name}>([^<]*)</{name}>");
        return m.Success ? m.Groups[1].Value.Trim() : null;
    }
}

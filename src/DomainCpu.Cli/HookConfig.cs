using DomainCpu.Diagnostics;
using DomainCpu.Targets;

namespace DomainCpu.Cli;

/// <summary>
/// The configuration of the libvirt hook (<c>/etc/domaincpu/hook.conf</c>): <c>key = value</c> lines, <c>#</c>
/// comments. Keys: <c>domcaps</c>, <c>caps</c>, <c>qemu-caps</c> (captured files the hook reads instead of asking
/// libvirt, which would deadlock), <c>check</c> (yes|no: refuse starts the host cannot run, default yes),
/// <c>pin-version</c> (yes|no: pin unversioned models in migrated and restored XML, default yes), and <c>libvirt</c>
/// and <c>qemu</c> (the releases on this host, as <c>--libvirt</c> and <c>--qemu</c> give them).
/// </summary>
/// <param name="DomCaps">Path of a captured domain capabilities file; null when not set.</param>
/// <param name="Caps">Path of a captured host capabilities file; null when not set.</param>
/// <param name="QemuCaps">Path of a captured QEMU capabilities record; null when not set.</param>
/// <param name="Check">Whether <c>prepare begin</c> refuses a CPU the host cannot run.</param>
/// <param name="PinVersion">Whether migrate/restore filters pin unversioned models.</param>
/// <param name="Libvirt">The libvirt release that runs the hook; null when not set.</param>
/// <param name="Qemu">The QEMU release on this host; null when not set.</param>
internal sealed record HookConfig(string? DomCaps, string? Caps, string? QemuCaps, bool Check = true, bool PinVersion = true,
    ReleaseVersion? Libvirt = null, ReleaseVersion? Qemu = null)
{
    /// <summary>The default location of the file.</summary>
    public const string DefaultPath = "/etc/domaincpu/hook.conf";

    /// <summary>The environment variable that names another file.</summary>
    public const string EnvironmentVariable = "DOMAINCPU_HOOK_CONFIG";

    /// <summary>No file: nothing captured, checks on, pinning on.</summary>
    public static HookConfig Empty { get; } = new(null, null, null);

    /// <summary>Parses the file's text.</summary>
    /// <exception cref="DomainCpuException">A line is not <c>key = value</c>, or a key or value is unknown.</exception>
    public static HookConfig Parse(string text, string file)
    {
        var config = Empty;
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw Error(file, lineNo, $"expected 'key = value', found '{line}'");
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            config = key switch
            {
                "domcaps" => config with { DomCaps = value },
                "caps" => config with { Caps = value },
                "qemu-caps" => config with { QemuCaps = value },
                "check" => config with { Check = YesNo(value, file, lineNo) },
                "pin-version" => config with { PinVersion = YesNo(value, file, lineNo) },
                "libvirt" => config with { Libvirt = Release(value, file, lineNo) },
                "qemu" => config with { Qemu = Release(value, file, lineNo) },
                _ => throw Error(file, lineNo, $"unknown key '{key}' (known: domcaps, caps, qemu-caps, check, pin-version, libvirt, qemu)"),
            };
        }
        return config;
    }

    private static bool YesNo(string value, string file, int line) => value switch
    {
        "yes" => true,
        "no" => false,
        _ => throw Error(file, line, $"expected yes or no, found '{value}'"),
    };

    private static ReleaseVersion Release(string value, string file, int line) =>
        ReleaseVersion.TryParse(value) ?? throw Error(file, line, $"expected a release number such as 11.3, found '{value}'");

    private static DomainCpuException Error(string file, int line, string message) =>
        DomainCpuException.At(file, new SourcePosition(line, 1), "config", "DC0620", message);
}

using DomainCpu.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Cli;

/// <summary>
/// The configuration of the libvirt hook (<c>/etc/domaincpu/hook.conf</c>): <c>key = value</c> lines, <c>#</c>
/// comments. Keys: <c>domcaps</c>, <c>caps</c>, <c>qemu-caps</c> (captured files the hook reads in place of what this
/// host's libvirt cached; the hook never asks libvirt, which would deadlock), <c>cpu-map</c> and <c>libvirt</c> (the
/// cpu_map directory and the libvirt release to answer as, in place of the installed ones), <c>qemu</c> (the QEMU
/// release to answer as when no QEMU record names it), and <c>check</c> (yes|no: refuse starts the host cannot run,
/// default yes).
/// </summary>
/// <param name="DomCaps">Path of a captured domain capabilities file; null when not set.</param>
/// <param name="Caps">Path of a captured host capabilities file; null when not set.</param>
/// <param name="QemuCaps">Path of a captured QEMU capabilities record; null when not set.</param>
/// <param name="CpuMap">Path of a libvirt cpu_map directory; null when not set.</param>
/// <param name="Libvirt">The libvirt release to answer as (e.g. 9.0); null when not set.</param>
/// <param name="Check">Whether <c>prepare begin</c> refuses a CPU the host cannot run.</param>
/// <param name="Qemu">The QEMU release to answer as (e.g. 10.0); null when not set.</param>
internal sealed record HookConfig(string? DomCaps, string? Caps, string? QemuCaps, string? CpuMap = null, string? Libvirt = null, bool Check = true,
    string? Qemu = null)
{
    /// <summary>The default location of the file.</summary>
    public const string DefaultPath = "/etc/domaincpu/hook.conf";

    /// <summary>The environment variable that names another file.</summary>
    public const string EnvironmentVariable = "DOMAINCPU_HOOK_CONFIG";

    /// <summary>No file: nothing captured, checks on.</summary>
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
                "cpu-map" => config with { CpuMap = value },
                "libvirt" => Targets.ReleaseVersion.TryParse(value) is null
                    ? throw Error(file, lineNo, $"expected a libvirt release such as 9.0, found '{value}'")
                    : config with { Libvirt = value },
                "qemu" => Targets.ReleaseVersion.TryParse(value) is null
                    ? throw Error(file, lineNo, $"expected a QEMU release such as 10.0, found '{value}'")
                    : config with { Qemu = value },
                "check" => config with { Check = YesNo(value, file, lineNo) },
                _ => throw Error(file, lineNo, $"unknown key '{key}' (known: domcaps, caps, qemu-caps, cpu-map, libvirt, qemu, check)"),
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

    private static DomainCpuException Error(string file, int line, string message) =>
        DomainCpuException.At(file, new SourcePosition(line, 1), DiagnosticCatalogue.HookConfigInvalid.With(message));
}

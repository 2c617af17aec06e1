using System.CommandLine;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Targets;

namespace DomainCpu.Cli;

/// <summary>The target a command answers for (DESIGN.md, Targets), from the global options <c>--libvirt</c>,
/// <c>--cpu-map</c> and <c>--qemu</c>, and a captured QEMU capabilities record when the command reads one.</summary>
internal static class CliTarget
{
    /// <summary>Only the libvirt release: explicit <c>--libvirt</c>, else the release that wrote a captured QEMU
    /// capabilities record, else the newest (nothing is loaded).</summary>
    public static LibvirtProfile Libvirt(ParseResult r, GlobalOptions g, QemuCapabilities? captured = null)
    {
        try
        {
            return TargetResolver.ResolveLibvirt(new TargetRequest { Libvirt = Release(r.GetValue(g.Libvirt), "--libvirt"), QemuCapabilities = captured });
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new CliUsageException(ex.Message.Split(" (Parameter")[0]);
        }
    }

    public static Target Resolve(ParseResult r, GlobalOptions g, QemuCapabilities? captured = null)
    {
        var cpuMap = r.GetValue(g.CpuMap);
        if (cpuMap is not null)
        {
            if (!Directory.Exists(cpuMap)) throw new CliUsageException($"{cpuMap}: no such directory");
            if (!File.Exists(Path.Combine(cpuMap, "index.xml"))) throw new CliUsageException($"{cpuMap}: not a cpu_map directory (no index.xml)");
        }
        var request = new TargetRequest
        {
            Libvirt = Release(r.GetValue(g.Libvirt), "--libvirt"),
            Qemu = Release(r.GetValue(g.Qemu), "--qemu"),
            CpuMapDirectory = cpuMap,
            QemuCapabilities = captured,
        };
        try
        {
            return TargetResolver.Resolve(request);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new CliUsageException(ex.Message.Split(" (Parameter")[0]);
        }
        catch (DomainCpuException ex) when (cpuMap is not null)
        {
            throw new CliUsageException($"invalid CPU map: {ex.Diagnostic}");
        }
    }

    private static ReleaseVersion? Release(string? text, string option)
    {
        if (text is null) return null;
        return ReleaseVersion.TryParse(text) ?? throw new CliUsageException($"{option} takes a release number such as 11.3, not '{text}'");
    }
}

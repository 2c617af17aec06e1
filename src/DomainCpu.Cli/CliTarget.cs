using System.CommandLine;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Targets;

namespace DomainCpu.Cli;

/// <summary>The target a command answers for (DESIGN.md, Targets), from the global options <c>--libvirt</c>,
/// <c>--cpu-map</c> and <c>--qemu</c>, and a captured QEMU capabilities record when the command reads one. With
/// <c>--verbose</c>, what was resolved and why goes to standard error.</summary>
internal static class CliTarget
{
    public static Target Resolve(ParseResult r, GlobalOptions g, QemuCapabilities? captured = null)
    {
        var request = Request(r, g, captured);
        try
        {
            return TargetResolver.Resolve(request);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw Unsupported(ex);
        }
        catch (DomainCpuException ex) when (request.CpuMapDirectory is not null)
        {
            throw new CliUsageException($"invalid CPU map: {ex.Diagnostic}");
        }
    }

    /// <summary>The whole target, said on standard error with <c>--verbose</c>.</summary>
    public static Target Resolve(CliContext ctx, ParseResult r, GlobalOptions g, QemuCapabilities? captured = null)
    {
        var target = Resolve(r, g, captured);
        if (r.GetValue(g.Verbose)) ctx.Stderr.WriteLine($"domaincpu: target: {target}");
        return target;
    }

    /// <summary>The libvirt release alone (no CPU models are read), said on standard error with <c>--verbose</c>.</summary>
    public static LibvirtProfile Libvirt(CliContext ctx, ParseResult r, GlobalOptions g, QemuCapabilities? captured = null)
    {
        try
        {
            var (profile, origin) = TargetResolver.ResolveLibvirt(Request(r, g, captured));
            if (r.GetValue(g.Verbose)) ctx.Stderr.WriteLine($"domaincpu: target: {profile} ({origin})");
            return profile;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw Unsupported(ex);
        }
    }

    private static TargetRequest Request(ParseResult r, GlobalOptions g, QemuCapabilities? captured)
    {
        var cpuMap = r.GetValue(g.CpuMap);
        if (cpuMap is not null)
        {
            if (!Directory.Exists(cpuMap)) throw new CliUsageException($"{cpuMap}: no such directory");
            if (!File.Exists(Path.Combine(cpuMap, "index.xml"))) throw new CliUsageException($"{cpuMap}: not a cpu_map directory (no index.xml)");
        }
        return new TargetRequest
        {
            Libvirt = Release(r.GetValue(g.Libvirt), "--libvirt"),
            Qemu = Release(r.GetValue(g.Qemu), "--qemu"),
            CpuMapDirectory = cpuMap,
            QemuCapabilities = captured,
        };
    }

    private static CliUsageException Unsupported(ArgumentOutOfRangeException ex) => new(ex.Message.Split(" (Parameter")[0]);

    private static ReleaseVersion? Release(string? text, string option)
    {
        if (text is null) return null;
        return ReleaseVersion.TryParse(text) ?? throw new CliUsageException($"{option} takes a release number such as 11.3, not '{text}'");
    }
}

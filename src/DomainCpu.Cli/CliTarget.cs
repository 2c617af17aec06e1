using System.CommandLine;
using DomainCpu.Diagnostics;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Start;
using DomainCpu.Targets;
using DomainCpu.Xml;

namespace DomainCpu.Cli;

/// <summary>The target a command answers for (DESIGN.md, Targets), from the global options <c>--libvirt</c>,
/// <c>--cpu-map</c> and <c>--qemu</c>, a captured QEMU capabilities record or domain capabilities file when the command
/// reads one, and this host's libvirt installation (its release, cpu_map and QEMU) when nothing else names them. With
/// <c>--verbose</c>, what was resolved and why goes to standard error.</summary>
internal static class CliTarget
{
    /// <summary>The target of a command.</summary>
    /// <param name="ctx">The command's context (this host's libvirt installation).</param>
    /// <param name="r">The parsed command line.</param>
    /// <param name="g">The global options.</param>
    /// <param name="captured">A QEMU capabilities record the command reads.</param>
    /// <param name="domainCapabilities">A domain capabilities document the command reads: its machine type names the
    /// QEMU release it was captured with.</param>
    public static Target Resolve(CliContext ctx, ParseResult r, GlobalOptions g, QemuCapabilities? captured = null,
        DomainDocument? domainCapabilities = null) =>
        Resolve(ctx, r.GetValue(g.Libvirt), r.GetValue(g.Qemu), r.GetValue(g.CpuMap), captured, domainCapabilities, r.GetValue(g.Verbose));

    /// <summary>The target for releases and a cpu_map named elsewhere than on the command line (the hook's
    /// configuration); null where none is named.</summary>
    public static Target Resolve(CliContext ctx, string? libvirt, string? qemu, string? cpuMap, QemuCapabilities? captured,
        DomainDocument? domainCapabilities = null, bool verbose = false)
    {
        var request = Request(ctx, libvirt, qemu, cpuMap, captured, domainCapabilities);
        try
        {
            var target = TargetResolver.Resolve(request);
            if (ctx.HostRoot is not null && ctx.Host is null && request.Libvirt is null && cpuMap is null) ctx.NoteOnce(NoLibvirt(target));
            if (verbose) ctx.Stderr.WriteLine($"domaincpu: target: {target}");
            return target;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw Unsupported(ex);
        }
        catch (DomainCpuException ex) when (cpuMap is not null)
        {
            throw new CliUsageException($"invalid CPU map: {ex.Diagnostic}");
        }
    }

    /// <summary>The libvirt release alone (no CPU models are read), said on standard error with <c>--verbose</c>.</summary>
    public static LibvirtProfile Libvirt(CliContext ctx, ParseResult r, GlobalOptions g, QemuCapabilities? captured = null)
    {
        try
        {
            var (profile, origin) = TargetResolver.ResolveLibvirt(Request(ctx, r.GetValue(g.Libvirt), r.GetValue(g.Qemu), r.GetValue(g.CpuMap), captured, null));
            if (r.GetValue(g.Verbose)) ctx.Stderr.WriteLine($"domaincpu: target: {profile} ({origin})");
            return profile;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw Unsupported(ex);
        }
    }

    private static TargetRequest Request(CliContext ctx, string? libvirt, string? qemu, string? cpuMap, QemuCapabilities? captured,
        DomainDocument? domainCapabilities)
    {
        if (cpuMap is not null)
        {
            if (!Directory.Exists(cpuMap)) throw new CliUsageException($"{cpuMap}: no such directory");
            if (!File.Exists(Path.Combine(cpuMap, "index.xml"))) throw new CliUsageException($"{cpuMap}: not a cpu_map directory (no index.xml)");
        }
        return new TargetRequest
        {
            Libvirt = Release(libvirt, "--libvirt"),
            Qemu = Release(qemu, "--qemu"),
            CpuMapDirectory = cpuMap,
            QemuCapabilities = captured,
            CapturedMachine = domainCapabilities is null ? null : HostDocuments.CapturedMachine(domainCapabilities),
            Host = ctx.Host,
        };
    }

    private static string NoLibvirt(Target target) =>
        $"domaincpu: no libvirt installed here: answering as {target.Libvirt} with {target.Origin.Models} (--libvirt and --cpu-map choose)";

    private static CliUsageException Unsupported(ArgumentOutOfRangeException ex) => new(ex.Message.Split(" (Parameter")[0]);

    private static ReleaseVersion? Release(string? text, string option)
    {
        if (text is null) return null;
        return ReleaseVersion.TryParse(text) ?? throw new CliUsageException($"{option} takes a release number such as 11.3, not '{text}'");
    }
}

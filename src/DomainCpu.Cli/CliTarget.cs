using System.CommandLine;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Targets;

namespace DomainCpu.Cli;

/// <summary>The target a command answers for (DESIGN.md, Targets), from the global options <c>--libvirt</c>,
/// <c>--cpu-map</c> and <c>--qemu</c>, and a captured QEMU capabilities record when the command reads one.</summary>
internal static class CliTarget
{
    /// <summary>The target of a command.</summary>
    /// <param name="r">The parsed command line.</param>
    /// <param name="g">The global options.</param>
    /// <param name="captured">A QEMU capabilities record the command reads.</param>
    /// <param name="libvirt">The libvirt release when <c>--libvirt</c> is not given (the hook's configuration).</param>
    /// <param name="qemu">The QEMU release when <c>--qemu</c> is not given (the hook's configuration).</param>
    /// <param name="domainCapabilities">A domain capabilities document the command reads: its machine type names the
    /// QEMU release it was captured with.</param>
    public static Target Resolve(ParseResult r, GlobalOptions g, QemuCapabilities? captured = null, ReleaseVersion? libvirt = null, ReleaseVersion? qemu = null,
        Xml.DomainDocument? domainCapabilities = null)
    {
        var cpuMap = r.GetValue(g.CpuMap);
        if (cpuMap is not null)
        {
            if (!Directory.Exists(cpuMap)) throw new CliUsageException($"{cpuMap}: no such directory");
            if (!File.Exists(Path.Combine(cpuMap, "index.xml"))) throw new CliUsageException($"{cpuMap}: not a cpu_map directory (no index.xml)");
        }
        var request = new TargetRequest
        {
            Libvirt = Release(r.GetValue(g.Libvirt), "--libvirt") ?? libvirt,
            Qemu = Release(r.GetValue(g.Qemu), "--qemu") ?? qemu,
            CpuMapDirectory = cpuMap,
            QemuCapabilities = captured,
            CapturedMachine = domainCapabilities is null ? null : Xml.DomainCapabilitiesReader.ReadMachine(domainCapabilities),
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

using System.CommandLine;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Diagnostics;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu capabilities</c>: this host's <c>&lt;cpu&gt;</c> as libvirt's host capabilities show it
/// (from a CPUID probe of this machine, or from a CPUID dump), and with QEMU's view of the host also the
/// host-model CPU of domain capabilities.</summary>
internal static class CapabilitiesCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var cpuid = new Option<string?>("--cpuid") { Description = "A CPUID dump (<cpudata arch='x86'>, libvirt's cputest format) instead of probing this machine; - for standard input" };
        var qemuHost = new Option<string?>("--qemu-host") { Description = "QEMU's view of the host CPU: query-cpu-model-expansion (and query-cpu-definitions) replies as JSON, or a <qemuCaps> record; adds the host-model CPU" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of XML" };
        var dump = new Option<bool>("--dump-cpuid") { Description = "Print the raw CPUID data (probed or read) as a CPUID dump instead of decoding it" };
        var cmd = new Command("capabilities", "Print this host's <cpu> as libvirt's capabilities show it (and the host-model CPU with --qemu-host)")
        {
            cpuid, qemuHost, json, dump,
        };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var dumpPath = r.GetValue(cpuid);
            if (dumpPath == "-" && r.GetValue(qemuHost) == "-") throw new CliUsageException("--cpuid and --qemu-host cannot both read standard input");
            Targets.Target? target = null;
            Targets.Target Target() => target ??= CliTarget.Resolve(ctx, r, g);
            var (data, source) = dumpPath is null ? (HostProbe.Probe(withFacts: true, Target()), "this host") : (ReadDump(ctx, dumpPath), dumpPath);
            if (r.GetValue(dump))
            {
                if (r.GetValue(json) || r.GetValue(qemuHost) is not null) throw new CliUsageException("--dump-cpuid prints a CPUID dump: it takes neither --json nor --qemu-host");
                ctx.WriteText(data.ToDump());
                return CliExit.Ok;
            }
            var report = r.GetValue(qemuHost) is { } qh ? ReadQemuHost(ctx, qh) : null;

            HostCpu host;
            try
            {
                // As libvirt: the capabilities of this host still show the architecture and what the system knows.
                host = LibvirtCpu.Capabilities(data, Target(), dumpPath is null ? d => ctx.Stderr.WriteLine($"domaincpu: warning: this host's CPU cannot be decoded: {d.Message}") : null);
            }
            catch (DomainCpuException ex) when (!ex.Diagnostic.HasLocation)
            {
                throw Finding(source, ex);
            }

            CpuDefinition? hostModel = null;
            if (report is not null)
            {
                try
                {
                    hostModel = LibvirtCpu.HostModel(data, report.Value.Report, Target());
                }
                catch (DomainCpuException ex) when (!ex.Diagnostic.HasLocation)
                {
                    throw Finding(report.Value.File, ex);
                }
            }

            if (r.GetValue(json))
            {
                ctx.WriteText(HostCpuJson.Write(host, hostModel));
                return CliExit.Ok;
            }
            ctx.WriteLine(LibvirtCpu.ToXml(host, Target().Libvirt));
            if (hostModel is not null) ctx.WriteLine(LibvirtCpu.ToXml(hostModel, Target().Libvirt)!);
            return CliExit.Ok;
        }));
        return cmd;
    }

    internal static HostCpuid ReadDump(CliContext ctx, string path) => HostCpuid.ReadDump(InputFiles.LoadBytes(ctx, path), path);

    private static (QemuHostReport Report, string File)? ReadQemuHost(CliContext ctx, string path) =>
        (QemuHostReport.Read(InputFiles.LoadBytes(ctx, path), path), path);

    private static DomainCpuException Finding(string file, DomainCpuException ex) =>
        DomainCpuException.At(file, new SourcePosition(1, 1), ex.Diagnostic);
}

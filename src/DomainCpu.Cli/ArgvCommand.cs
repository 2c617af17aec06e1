using System.CommandLine;
using DomainCpu.Catalog;
using DomainCpu.Qemu;
using DomainCpu.Schema;
using DomainCpu.Diagnostics;
using DomainCpu.Host;
using DomainCpu.Start;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu argv</c>: the <c>-cpu</c> and <c>-smp</c> values libvirt 9.0 would give QEMU.</summary>
internal static class ArgvCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var file = new Argument<string>("FILE") { Description = "Domain XML; - for standard input" };
        var qemuCaps = new Option<string?>("--qemu-caps") { Description = "libvirt's <qemuCaps> record of the QEMU binary (default: the one this host's libvirt cached, else the facts of the target's QEMU release, --qemu)" };
        var machine = new Option<string?>("--machine") { Description = "Use this machine type instead of the domain's" };
        var json = new Option<bool>("--json") { Description = "Print {\"cpu\",\"smp\",\"taints\",\"warnings\",\"libvirt\",\"target\"} as JSON" };
        var incoming = new Option<bool>("--incoming") { Description = "The domain is started by incoming migration (taint host-cpu)" };
        var cmd = new Command("argv", "Print the -cpu and -smp values libvirt would build for the domain")
        {
            file, qemuCaps, machine, json, incoming,
        };
        var memory = new HostMemoryOptions();
        memory.AddTo(cmd);
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var doc = InputFiles.Load(ctx, r.GetValue(file)!);
            var warnings = new List<Diagnostic>();
            var files = new HostFiles(r.GetValue(g.Caps), r.GetValue(g.DomCaps), r.GetValue(qemuCaps));
            var context = StartInputs.Read(ctx, doc, files, (record, domcaps) => CliTarget.Resolve(ctx, r, g, record, domcaps)) with
            {
                Machine = r.GetValue(machine),
                Incoming = r.GetValue(incoming),
                HostMemory = memory.Facts(r, files),
            };
            if (!StartInputs.DescribesHost(context) && doc.Kind == Xml.DocumentKind.Domain && doc.ReadCpu() is { } cpu &&
                (cpu.Mode == Model.CpuMode.HostModel || cpu.Match == Model.CpuMatch.Minimum))
            {
                throw new CliUsageException($"{doc.File}: no host data was given, and a {(cpu.Mode == Model.CpuMode.HostModel ? "host-model" : "match='minimum'")} " +
                    "CPU is built from the host's: give --qemu-caps (libvirt's record of the QEMU binary) or --domcaps, or run where libvirt has probed QEMU");
            }
            var result = LibvirtCpu.BuildArgv(doc, context, warnings);
            foreach (var w in warnings) ctx.Stderr.WriteLine(w.ToString());
            if (r.GetValue(json))
            {
                ctx.WriteText(JsonOut.Object(w =>
                {
                    w.WriteString("cpu", result.Cpu);
                    w.WriteString("smp", result.Smp);
                    JsonOut.Strings(w, "taints", result.Taints);
                    JsonOut.Strings(w, "warnings", result.Warnings);
                    w.WriteString("libvirt", context.Target.Libvirt.Version.ToString());
                    JsonOut.Target(w, context.Target);
                }));
            }
            else
            {
                foreach (var w in result.Warnings) ctx.Stderr.WriteLine($"{doc.File}: warning: {w}");
                if (result.Cpu is not null) ctx.WriteLine($"-cpu {result.Cpu}");
                if (result.Smp is not null) ctx.WriteLine($"-smp {result.Smp}");
            }
            return CliExit.Ok;
        }));
        return cmd;
    }
}

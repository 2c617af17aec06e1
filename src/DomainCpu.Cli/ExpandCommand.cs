using System.CommandLine;
using DomainCpu.Expansion;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu expand --live</c>: the live XML of a domain started on a host.</summary>
internal static class ExpandCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var file = new Argument<string>("FILE") { Description = "Domain or <cpu> document; - for standard input" };
        var live = new Option<bool>("--live") { Description = "Start-time expansion: the CPU as the running guest has it" };
        var machine = new Option<string?>("--machine") { Description = "Machine type the guest runs on (default: the domain's)" };
        var qemuCpu = new Option<string?>("--qemu-cpu") { Description = "QEMU's enabled/disabled CPU data after a start with check='full'" };
        var qemuCaps = new Option<string?>("--qemu-caps") { Description = "libvirt's <qemuCaps> record of the QEMU binary" };
        var pin = new Option<bool>("--pin-version") { Description = "Pin an unversioned model to the version the machine type runs" };
        var cmd = new Command("expand", "Print the live XML: the <cpu> as libvirt fills it in at start, the configured one kept in <metadata>")
        {
            file, live, machine, qemuCpu, qemuCaps, pin,
        };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            if (!r.GetValue(live)) throw new CliUsageException("expand needs --live (start-time expansion is the only kind)");
            if (r.GetValue(qemuCpu) is not null)
            {
                throw new CliUsageException("--qemu-cpu needs the x86 CPUID catalog, which this build does not have yet");
            }
            var doc = InputFiles.Load(ctx, r.GetValue(file)!);
            var host = LoadHost(ctx, r.GetValue(g.Caps), r.GetValue(g.DomCaps), r.GetValue(qemuCaps));
            var options = new ExpansionOptions { Machine = r.GetValue(machine), PinModelVersion = r.GetValue(pin) };
            ctx.Write(LiveDocument.Expand(doc, host, options).ToBytes());
            return CliExit.Ok;
        }));
        return cmd;
    }

    /// <summary>The host from the files given; without any, this machine would be probed.</summary>
    internal static ExpansionHost LoadHost(CliContext ctx, string? caps, string? domcaps, string? qemuCaps)
    {
        if (caps is null && domcaps is null)
        {
            throw new CliUsageException("probing this host's CPU is not available in this build; pass --caps or --domcaps");
        }
        return ExpansionHostReader.Read(
            caps is null ? null : InputFiles.Load(ctx, caps),
            domcaps is null ? null : InputFiles.Load(ctx, domcaps),
            qemuCaps is null ? null : InputFiles.Load(ctx, qemuCaps));
    }
}

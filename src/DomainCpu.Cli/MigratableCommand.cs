using System.CommandLine;
using DomainCpu.Diagnostics;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu migratable</c>: the CPU as a migration destination receives it.</summary>
internal static class MigratableCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var file = new Argument<string>("FILE") { Description = "Domain or <cpu> document; - for standard input" };
        var pin = new Option<bool>("--pin-version") { Description = "Pin an unversioned model to the version the machine type runs" };
        var machine = new Option<string?>("--machine") { Description = "Machine type for --pin-version (default: the domain's)" };
        var json = new Option<bool>("--json") { Description = "Print {\"file\",\"kind\",\"cpu\",\"libvirt\",\"target\",\"document\"} as JSON (docs/json-output.md)" };
        var cmd = new Command("migratable", "Print the XML a migration destination receives") { file, pin, machine, json };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var doc = DocumentKinds.Require(InputFiles.Load(ctx, r.GetValue(file)!), DocumentKinds.GuestCpu);
            var pinVersion = r.GetValue(pin);
            var target = CliTarget.Resolve(ctx, r, g);
            var warnings = new List<Diagnostic>();
            var migratable = LibvirtCpu.Migratable(doc, target, pinVersion, r.GetValue(machine), warnings);
            PinNotice.Report(ctx, doc.File, warnings);
            if (r.GetValue(json)) ctx.WriteText(CpuJson.Document(migratable, target.Libvirt, target));
            else ctx.Write(migratable.ToBytes());
            return CliExit.Ok;
        }));
        return cmd;
    }
}

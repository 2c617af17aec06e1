using System.CommandLine;
using DomainCpu.Qemu;
using DomainCpu.Schema;
using DomainCpu.Diagnostics;
using DomainCpu.Host;
using DomainCpu.Start;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu format</c>: the CPU part in libvirt's canonical form, the rest untouched.</summary>
internal static class FormatCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var file = new Argument<string>("FILE") { Description = "Domain, capabilities or <cpu> document; - for standard input" };
        var define = new Option<bool>("--define") { Description = "Also apply what libvirt's QEMU driver adds when a domain is defined (domain documents)" };
        var qemuCaps = new Option<string?>("--qemu-caps") { Description = "libvirt's <qemuCaps> record of the QEMU binary (with --define)" };
        var json = new Option<bool>("--json") { Description = "Print {\"file\",\"kind\",\"cpu\",\"document\"} as JSON (docs/json-output.md)" };
        var inPlace = new Option<bool>("--in-place") { Description = "Rewrite FILE (through a temp file and rename) instead of printing" };
        var cmd = new Command("format", "Print the document with its <cpu> in libvirt's canonical form")
        {
            file, define, qemuCaps, inPlace, json,
        };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var path = r.GetValue(file)!;
            if (r.GetValue(inPlace) && path == "-") throw new CliUsageException("--in-place needs a file, not standard input");
            if (r.GetValue(qemuCaps) is not null && !r.GetValue(define)) throw new CliUsageException("--qemu-caps is used with --define");
            var doc = DocumentKinds.Require(InputFiles.Load(ctx, path), DocumentKinds.AnyCpu);
            var caps = r.GetValue(qemuCaps) is { } qc ? HostDocuments.ReadQemuRecord(InputFiles.Load(ctx, qc)) : null;
            var libvirt = CliTarget.Libvirt(ctx, r, g, caps);
            var warnings = new List<Diagnostic>();
            // The driver's define-time refusals and defaults belong to domains; other documents are only formatted.
            var formatted = r.GetValue(define) && doc.Kind == Xml.DocumentKind.Domain
                ? LibvirtCpu.Define(doc, libvirt, caps, warnings)
                : doc.WithCpu(doc.ReadCpu(warnings, libvirt.CpuXml), libvirt.CpuXml);
            foreach (var w in warnings) ctx.Stderr.WriteLine(w.ToString());
            if (r.GetValue(inPlace)) AtomicFile.Write(path, formatted.ToBytes());
            if (r.GetValue(json)) ctx.WriteText(CpuJson.Document(formatted, libvirt));
            else if (!r.GetValue(inPlace)) ctx.Write(formatted.ToBytes());
            return CliExit.Ok;
        }));
        return cmd;
    }
}

using System.CommandLine;
using DomainCpu.X86;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu baseline [--features] [--migratable] FILE|DIR…</c>: the guest CPU every given host CPU
/// can run, printed as libvirt's baseline API returns it. The pool is streamed (<see cref="CpuPool"/>).</summary>
internal static class BaselineCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var files = new Argument<string[]>("FILE") { Description = "Host CPUs: files of <cpu> elements, a <cpuTest> wrapper, host or domain capabilities (several documents may follow each other); directories of such *.xml files; - for standard input", Arity = ArgumentArity.OneOrMore };
        var features = new Option<bool>("--features") { Description = "List every feature of the model explicitly, sorted by name" };
        var migratable = new Option<bool>("--migratable") { Description = "Drop features that block migration (invtsc, xsaves)" };
        var qemuFilter = new Option<bool>("--qemu-filter") { Description = "Also drop the features libvirt's QEMU driver never passes to QEMU (cmt, mbm_total, mbm_local, osxsave, ospke), as its baseline API does" };
        var json = new Option<bool>("--json") { Description = "Print {\"cpu\",\"document\"} as JSON (docs/json-output.md)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress line on stderr while a large pool is read" };
        var cmd = new Command("baseline", "Print the baseline CPU of the given host CPUs") { files, features, migratable, qemuFilter, json, quiet };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var paths = r.GetValue(files)!;
            if (paths.Count(p => p == "-") > 1) throw new CliUsageException("only one input can be standard input");
            var catalog = CliTarget.Resolve(ctx, r, g).Models;
            var options = new BaselineOptions(r.GetValue(features), r.GetValue(migratable), QemuFilter: r.GetValue(qemuFilter));
            Model.CpuDefinition result;
            using (var progress = PoolProgress.Start(ctx, r.GetValue(quiet)))
            {
                result = LibvirtCpu.Baseline(CpuPool.Read(ctx, paths, progress), options, catalog);
            }
            var xml = LibvirtCpu.ToXml(result);
            if (r.GetValue(json))
            {
                ctx.WriteText(JsonOut.Object(w =>
                {
                    w.WritePropertyName("cpu");
                    CpuJson.Write(w, result);
                    w.WriteString("document", xml + "\n");
                }));
            }
            else ctx.WriteText(xml + "\n");
            return CliExit.Ok;
        }));
        return cmd;
    }
}

using System.CommandLine;
using System.Text;
using DomainCpu.Compat;
using DomainCpu.X86;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu compare [--caps HOST] CPU</c>: identical, superset or incompatible, with the features
/// that decide it; without <c>--caps</c> against this host's CPU (read by CPUID), as <c>virsh cpu-compare</c> does.
/// Exit 0 for identical/superset, 1 for incompatible or a CPU libvirt refuses. With <c>--hosts FILE|DIR…</c>: the
/// same for every host of a pool, one line per host.</summary>
internal static class CompareCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var file = new Argument<string>("CPU") { Description = "Standalone <cpu>, domain, or host capabilities; - for standard input" };
        var json = new Option<bool>("--json") { Description = "Print {\"result\",\"missing\",\"extra\",\"reason\"} (with --hosts: a report of every host, docs/json-output.md)" };
        var hosts = new Option<string[]>("--hosts")
        {
            Description = "Compare with every host CPU of these files (host <cpu> elements, capabilities documents, several in a file), directories of *.xml files, or - for standard input; one line per host. Repeat for more",
            HelpName = "FILE|DIR",
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress line on stderr while many hosts are read" };
        var cmd = new Command("compare", "Compare a CPU with the host CPU given with --caps, else with this host's, or with every host given with --hosts") { file, json, hosts, quiet };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var path = r.GetValue(file)!;
            var hostPaths = r.GetValue(hosts) ?? Array.Empty<string>();
            if (hostPaths.Length > 0)
            {
                if (r.GetValue(g.Caps) is not null) throw new CliUsageException("give the hosts with --caps or with --hosts, not both");
                if (hostPaths.Append(path).Count(p => p == "-") > 1) throw new CliUsageException("only one input can be standard input");
                return Fleet(ctx, r, g, path, hostPaths, r.GetValue(json), r.GetValue(quiet));
            }
            var hostPath = r.GetValue(g.Caps);
            if (hostPath == "-" && path == "-") throw new CliUsageException("only one input can be standard input");
            var target = CliTarget.Resolve(ctx, r, g);
            var catalog = target.Models;
            // Without --caps, this host's CPU as libvirt's host capabilities show it, as virsh cpu-compare uses it.
            var host = hostPath is null
                ? HostProbe.HostCpu(target)
                : CpuInputs.Read(ctx, hostPath)[0].Cpu;
            var result = LibvirtCpu.Compare(host, CpuInputs.Read(ctx, path)[0], catalog);
            if (r.GetValue(json)) ctx.WriteText(Json(result));
            else ctx.WriteText(Text(result, path));
            return result.Result == CompareVerdict.Incompatible ? CliExit.Finding : CliExit.Ok;
        }));
        return cmd;
    }

    /// <summary>The CPU compared with every host of a pool, one line (or JSON object) per host, then how many can run
    /// it. Exit 0 when every host can, 1 when one cannot.</summary>
    private static int Fleet(CliContext ctx, ParseResult r, GlobalOptions g, string path, string[] hostPaths, bool json, bool quiet)
    {
        var catalog = CliTarget.Resolve(ctx, r, g).Models;
        var guest = CpuInputs.Read(ctx, path)[0];
        var lines = new StringBuilder();
        int total = 0, runnable = 0;
        using (var progress = PoolProgress.Start(ctx, quiet))
        {
            foreach (var host in LibvirtCpu.Pool(guest, CpuPool.Read(ctx, hostPaths, progress), catalog))
            {
                total++;
                if (host.CanRun) runnable++;
                if (json) HostJson(lines.Append(total == 1 ? "" : ",\n").Append("    "), host);
                else HostText(lines, host);
            }
        }
        if (json)
        {
            var head = JsonOut.Object(w =>
            {
                w.WriteString("cpu", path);
                w.WriteNumber("hosts", total);
                w.WriteNumber("canRun", runnable);
                w.WriteNumber("cannotRun", total - runnable);
                w.WriteStartArray("results");
                w.WriteEndArray();
            });
            // The results, one compact object a line, go inside the (empty) array the writer closed.
            var at = head.LastIndexOf(']');
            ctx.WriteText(head[..at] + (total == 0 ? "" : "\n" + lines + "\n  ") + head[at..]);
        }
        else
        {
            lines.Append(runnable).Append(" of ").Append(total).Append(total == 1 ? " host" : " hosts")
                .Append(" can run the CPU described in ").Append(path).Append('\n');
            ctx.WriteText(lines.ToString());
        }
        return runnable == total ? CliExit.Ok : CliExit.Finding;
    }

    private static void HostText(StringBuilder sb, PoolHost host)
    {
        sb.Append(host.Host).Append(": ").Append(Verdict(host.Compare));
        if (!host.CanRun) sb.Append(": ").Append(host.Compare.Reason);
        sb.Append('\n');
    }

    private static void HostJson(StringBuilder sb, PoolHost host) => sb.Append(JsonOut.Line(w =>
    {
        w.WriteString("host", host.Host);
        w.WriteString("file", host.Input.File);
        w.WriteNumber("line", host.Input.Position.Line);
        w.WriteNumber("column", host.Input.Position.Column);
        w.WriteString("result", Verdict(host.Compare));
        w.WriteBoolean("canRun", host.CanRun);
        JsonOut.Features(w, "missing", host.Compare.Missing);
        JsonOut.Features(w, "extra", host.Compare.Extra);
        w.WriteString("reason", host.Compare.Reason);
    }));

    private static string Verdict(CompareResult result) => result.Result.ToString().ToLowerInvariant();

    internal static string Json(CompareResult result) => JsonOut.Object(w =>
    {
        w.WriteString("result", result.Result.ToString().ToLowerInvariant());
        JsonOut.Features(w, "missing", result.Missing);
        JsonOut.Features(w, "extra", result.Extra);
        w.WriteString("reason", result.Reason);
    });

    private static string Text(CompareResult result, string path)
    {
        var sb = new StringBuilder();
        sb.Append(result.Result switch
        {
            CompareVerdict.Identical => $"CPU described in {path} is identical to host CPU",
            CompareVerdict.Superset => $"Host CPU is a superset of CPU described in {path}",
            _ => $"CPU described in {path} is incompatible with host CPU",
        }).Append('\n');
        sb.Append("reason: ").Append(result.Reason).Append('\n');
        if (!result.Missing.IsEmpty) sb.Append("missing: ").Append(string.Join(" ", result.Missing)).Append('\n');
        if (!result.Extra.IsEmpty) sb.Append("extra: ").Append(string.Join(" ", result.Extra)).Append('\n');
        return sb.ToString();
    }
}

using System.CommandLine;
using System.Text;
using System.Text.Json;
using DomainCpu.Catalog;
using DomainCpu.Compat;
using DomainCpu.X86;
using DomainCpu.Diagnostics;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu compare [--caps HOST] CPU</c>: identical, superset or incompatible, with the features
/// that decide it; without <c>--caps</c> against this host's CPU (read by CPUID), as <c>virsh cpu-compare</c> does.
/// Exit 0 for identical/superset, 1 for incompatible or a CPU libvirt refuses.</summary>
internal static class CompareCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var file = new Argument<string>("CPU") { Description = "Standalone <cpu>, domain, or host capabilities; - for standard input" };
        var json = new Option<bool>("--json") { Description = "Print {\"result\",\"missing\",\"extra\",\"reason\"}" };
        var cmd = new Command("compare", "Compare a CPU with the host CPU given with --caps, else with this host's") { file, json };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var hostPath = r.GetValue(g.Caps);
            var path = r.GetValue(file)!;
            if (hostPath == "-" && path == "-") throw new CliUsageException("only one input can be standard input");
            var target = CliTarget.Resolve(ctx, r, g);
            var catalog = target.Models;
            // Without --caps, this host's CPU as libvirt's host capabilities show it, as virsh cpu-compare uses it.
            var host = hostPath is null
                ? HostProbe.HostCpu(catalog, target.CpuMapDirectory ?? "embedded catalog")
                : CpuInputs.Read(ctx, hostPath)[0].Cpu;
            var cpu = CpuInputs.Read(ctx, path)[0];
            CompareResult result;
            try
            {
                result = Comparer.Compare(catalog, host, cpu.Cpu);
            }
            catch (DomainCpuException ex) when (!ex.Diagnostic.HasLocation)
            {
                throw cpu.Finding(ex);
            }
            if (r.GetValue(json)) ctx.WriteText(Json(result));
            else ctx.WriteText(Text(result, path));
            return result.Result == CompareVerdict.Incompatible ? CliExit.Finding : CliExit.Ok;
        }));
        return cmd;
    }

    internal static string Json(CompareResult result) => JsonOut.Object(w =>
    {
        w.WriteString("result", result.Result.ToString().ToLowerInvariant());
        JsonOut.Strings(w, "missing", result.Missing);
        JsonOut.Strings(w, "extra", result.Extra);
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

using System.CommandLine;
using System.Text;
using DomainCpu.Catalog;
using DomainCpu.Compat;
using DomainCpu.Xml;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu policy max|default|audit|pool</c>: Xen-style CPU policies of a host (--caps), a guest
/// audited against them, and which hosts of a pool can run a guest.</summary>
internal static class PolicyCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var cmd = new Command("policy", "Xen-style CPU policies: max, default (migration-safe), audit of a guest, pool report");
        cmd.Subcommands.Add(PolicyOf(ctx, g, "max", "Everything a guest may get on the host given with --caps", LibvirtCpu.MaxPolicy));
        cmd.Subcommands.Add(PolicyOf(ctx, g, "default", "The migration-safe subset of max", LibvirtCpu.DefaultPolicy));
        cmd.Subcommands.Add(Audit(ctx, g));
        cmd.Subcommands.Add(Pool(ctx, g));
        return cmd;
    }

    private static Command PolicyOf(CliContext ctx, GlobalOptions g, string name, string description, Func<CpuInput, CpuCatalog?, CpuPolicy> build)
    {
        var format = new Option<string>("--format") { Description = "xml (a guest <cpu>), json, or xen (an xl.cfg cpuid line)", DefaultValueFactory = _ => "xml" };
        format.AcceptOnlyFromAmong("xml", "json", "xen");
        var json = new Option<bool>("--json") { Description = "The same as --format json" };
        var cmd = new Command(name, description) { format, json };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var (catalog, host) = Host(ctx, r, g);
            var policy = build(host, catalog);
            var chosen = r.GetValue(format);
            if (r.GetValue(json) && r.GetResult(format) is { Implicit: false } && chosen != "json")
            {
                throw new CliUsageException($"--json and --format {chosen} disagree");
            }
            ctx.WriteText((r.GetValue(json) ? "json" : chosen) switch
            {
                "json" => JsonOut.Object(w =>
                {
                    w.WriteString("policy", policy.Name);
                    w.WriteString("model", policy.Cpu.ModelName);
                    w.WriteString("vendor", policy.Cpu.Vendor);
                    JsonOut.Features(w, "features", policy.Features);
                    JsonOut.Features(w, "excluded", policy.Excluded);
                }),
                "xen" => policy.ToXenCpuid() + "\n",
                _ => LibvirtCpu.ToXml(policy.Cpu) + "\n",
            });
            return CliExit.Ok;
        }));
        return cmd;
    }

    private static Command Audit(CliContext ctx, GlobalOptions g)
    {
        var guest = new Argument<string>("GUEST") { Description = "Domain or standalone guest <cpu>; - for standard input" };
        var json = new Option<bool>("--json") { Description = "Print {\"allowed\",\"findings\":[{\"feature\",\"verdict\",\"reason\"}]}" };
        var cmd = new Command("audit", "List every feature the guest requests that the host's policies do not allow (exit 1 when one is denied)") { guest, json };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var (catalog, host) = Host(ctx, r, g);
            var g0 = CpuInputs.Read(ctx, r.GetValue(guest)!)[0];
            var findings = LibvirtCpu.Audit(host, g0, catalog);
            var allowed = findings.All(f => f.Verdict != "denied");
            if (r.GetValue(json))
            {
                ctx.WriteText(JsonOut.Object(w =>
                {
                    w.WriteBoolean("allowed", allowed);
                    w.WriteStartArray("findings");
                    foreach (var f in findings)
                    {
                        w.WriteStartObject();
                        w.WriteString("feature", f.Feature);
                        w.WriteString("verdict", f.Verdict);
                        w.WriteString("reason", f.Reason);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }));
            }
            else
            {
                var sb = new StringBuilder();
                foreach (var f in findings) sb.Append(f.Feature).Append(": ").Append(f.Verdict).Append(": ").Append(f.Reason).Append('\n');
                if (findings.Count == 0) sb.Append("every requested feature is allowed by the default policy\n");
                ctx.WriteText(sb.ToString());
            }
            return allowed ? CliExit.Ok : CliExit.Finding;
        }));
        return cmd;
    }

    private static Command Pool(CliContext ctx, GlobalOptions g)
    {
        var guest = new Argument<string>("GUEST") { Description = "Domain or standalone guest <cpu>" };
        var hosts = new Argument<string[]>("HOST") { Description = "Host CPUs: capabilities, domain capabilities or host <cpu> files (several in a file), directories of *.xml files, - for standard input", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print {\"runnable\",\"hosts\":[…],\"blocking\":[…]}" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress line on stderr while many hosts are read" };
        var cmd = new Command("pool", "Which hosts can run the guest, and which features keep it off the others (exit 1 when none can)") { guest, hosts, json, quiet };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var guestPath = r.GetValue(guest)!;
            var hostPaths = r.GetValue(hosts)!;
            if (hostPaths.Append(guestPath).Count(p => p == "-") > 1) throw new CliUsageException("only one input can be standard input");
            var catalog = CliTarget.Resolve(ctx, r, g).Models;
            var g0 = CpuInputs.Read(ctx, guestPath)[0];
            List<PoolHost> result;
            using (var progress = PoolProgress.Start(ctx, r.GetValue(quiet)))
            {
                result = LibvirtCpu.Pool(g0, CpuPool.Read(ctx, hostPaths, progress), catalog).ToList();
            }
            var blocking = LibvirtCpu.Blocking(result, catalog);
            if (r.GetValue(json))
            {
                ctx.WriteText(JsonOut.Object(w =>
                {
                    JsonOut.Strings(w, "runnable", result.Where(h => h.CanRun).Select(h => h.Host));
                    w.WriteStartArray("hosts");
                    foreach (var h in result)
                    {
                        w.WriteStartObject();
                        w.WriteString("host", h.Host);
                        w.WriteBoolean("canRun", h.CanRun);
                        w.WriteString("result", h.Compare.Result.ToString().ToLowerInvariant());
                        JsonOut.Features(w, "missing", h.Compare.Missing);
                        JsonOut.Features(w, "extra", h.Compare.Extra);
                        w.WriteString("reason", h.Compare.Reason);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteStartArray("blocking");
                    foreach (var b in blocking)
                    {
                        w.WriteStartObject();
                        w.WriteString("feature", b.Feature);
                        JsonOut.Strings(w, "hosts", b.Hosts);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }));
            }
            else
            {
                var sb = new StringBuilder();
                foreach (var h in result)
                {
                    sb.Append(h.Host).Append(": ").Append(h.CanRun ? $"can run ({h.Compare.Result.ToString().ToLowerInvariant()})" : $"cannot run: {h.Compare.Reason}").Append('\n');
                }
                foreach (var b in blocking) sb.Append("blocking ").Append(b.Feature).Append(": ").Append(string.Join(" ", b.Hosts)).Append('\n');
                ctx.WriteText(sb.ToString());
            }
            return result.Any(h => h.CanRun) ? CliExit.Ok : CliExit.Finding;
        }));
        return cmd;
    }

    private static (CpuCatalog, CpuInput) Host(CliContext ctx, ParseResult r, GlobalOptions g)
    {
        var path = r.GetValue(g.Caps) ?? throw new CliUsageException("policy needs --caps HOST (capabilities, domain capabilities or a host <cpu>)");
        var catalog = CliTarget.Resolve(ctx, r, g).Models;
        return (catalog, CpuInputs.Read(ctx, path)[0]);
    }
}

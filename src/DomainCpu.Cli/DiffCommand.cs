using System.CommandLine;
using System.Text.Json;
using DomainCpu.Diff;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu diff A B</c>: the differences between two documents' CPU parts.</summary>
internal static class DiffCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var a = new Argument<string>("A") { Description = "The first domain or <cpu> document" };
        var b = new Argument<string>("B") { Description = "The second domain or <cpu> document" };
        var text = new Option<bool>("--text") { Description = "Print a unified text diff of the canonical <cpu> elements" };
        var json = new Option<bool>("--json") { Description = "Print the changes as JSON" };
        var exitCode = new Option<bool>("--exit-code") { Description = "Exit 1 when the CPU parts differ" };
        var cmd = new Command("diff", "Show how two documents' CPU parts differ: features added, removed, policies, model and version")
        {
            a, b, text, json, exitCode,
        };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            if (r.GetValue(a) == "-" && r.GetValue(b) == "-") throw new CliUsageException("only one of A and B can be standard input");
            var libvirt = CliTarget.Libvirt(ctx, r, g);
            var grammar = libvirt.CpuXml;
            // In the order of the files: the first one's problem is the one reported.
            var docA = DocumentKinds.Require(InputFiles.Load(ctx, r.GetValue(a)!), DocumentKinds.AnyCpu);
            var cpuA = docA.ReadCpu(grammar: grammar);
            var docB = DocumentKinds.Require(InputFiles.Load(ctx, r.GetValue(b)!), DocumentKinds.AnyCpu);
            var cpuB = docB.ReadCpu(grammar: grammar);
            var changes = LibvirtCpu.Diff(cpuA, cpuB);
            if (r.GetValue(json))
            {
                var items = changes.Select(c => new CpuChangeJson(KindName(c.Kind), c.Name, c.Before, c.After)).ToList();
                ctx.WriteText(JsonOut.Value(w => JsonSerializer.Serialize(w, items, CliJsonContext.Default.ListCpuChangeJson)));
            }
            else if (r.GetValue(text))
            {
                var unified = TextDiff.Unified(Canonical(cpuA, libvirt), Canonical(cpuB, libvirt), docA.File, docB.File);
                ctx.WriteText(unified);
                // A CPU that formats to nothing (an empty custom <cpu>) is a change but not a text difference:
                // --exit-code follows what was printed.
                return r.GetValue(exitCode) && unified.Length > 0 ? CliExit.Finding : CliExit.Ok;
            }
            else
            {
                foreach (var c in changes) ctx.WriteLine(c.ToString());
            }
            return r.GetValue(exitCode) && changes.Count > 0 ? CliExit.Finding : CliExit.Ok;
        }));
        return cmd;
    }

    private static string Canonical(Model.CpuDefinition? cpu, Targets.LibvirtProfile libvirt) => cpu is null ? "" : LibvirtCpu.ToXml(cpu, libvirt) ?? "";

    private static string KindName(CpuChangeKind k) => k switch
    {
        CpuChangeKind.CpuAdded => "cpu-added",
        CpuChangeKind.CpuRemoved => "cpu-removed",
        CpuChangeKind.AttributeChanged => "attribute-changed",
        CpuChangeKind.ModelChanged => "model-changed",
        CpuChangeKind.ModelVersionChanged => "model-version-changed",
        CpuChangeKind.PartChanged => "part-changed",
        CpuChangeKind.FeatureAdded => "feature-added",
        CpuChangeKind.FeatureRemoved => "feature-removed",
        _ => "feature-policy-changed",
    };
}

/// <summary>One change in <c>diff --json</c> output.</summary>
internal sealed record CpuChangeJson(string Kind, string Name, string? Before, string? After);

using System.CommandLine;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu strip</c>: the configured XML of a live domain.</summary>
internal static class StripCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var file = new Argument<string>("FILE") { Description = "Live domain document; - for standard input" };
        var json = new Option<bool>("--json") { Description = "Print {\"file\",\"kind\",\"cpu\",\"restored\",\"document\"} as JSON (docs/json-output.md)" };
        var cmd = new Command("strip", "Print the inactive XML of a live domain: the configured <cpu> exactly as it was expanded") { file, json };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var doc = DocumentKinds.Require(InputFiles.Load(ctx, r.GetValue(file)!), DocumentKinds.Domain);
            var stripped = LibvirtCpu.Strip(doc, out var restored);
            if (!restored && doc.CpuElement is not null)
            {
                ctx.Stderr.WriteLine($"domaincpu: {doc.File}: no inactive CPU record (not expanded by domaincpu); the <cpu> is left as it is");
            }
            if (r.GetValue(json)) ctx.WriteText(CpuJson.Document(stripped, w => w.WriteBoolean("restored", restored)));
            else ctx.Write(stripped.ToBytes());
            return CliExit.Ok;
        }));
        return cmd;
    }
}

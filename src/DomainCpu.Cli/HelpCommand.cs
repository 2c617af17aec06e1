using System.CommandLine;
using System.Reflection;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu help COMMAND</c>: the command's documentation page (docs/commands/COMMAND.md, embedded), as plain
/// text.</summary>
internal static class HelpCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var name = new Argument<string?>("COMMAND") { Description = "The command to explain", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("help", "Show a command's documentation page with examples") { name };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var pages = Pages();
            var which = r.GetValue(name);
            if (which is null)
            {
                ctx.WriteLine("Documentation pages: " + string.Join(", ", pages.Keys.Order(StringComparer.Ordinal)));
                ctx.WriteLine("Use 'domaincpu help COMMAND', or 'domaincpu COMMAND --help' for the options.");
                return CliExit.Ok;
            }
            if (!pages.TryGetValue(which, out var resource)) throw new CliUsageException($"no documentation page for '{which}'");
            using var s = typeof(HelpCommand).Assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(s);
            ctx.WriteText(MarkdownText.Render(reader.ReadToEnd()));
            return CliExit.Ok;
        }));
        return cmd;
    }

    private static Dictionary<string, string> Pages()
    {
        const string prefix = "DomainCpu.Cli.Docs.";
        return typeof(HelpCommand).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
            .ToDictionary(n => n[prefix.Length..^3], n => n, StringComparer.Ordinal);
    }
}

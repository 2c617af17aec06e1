using System.CommandLine;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Cli;

/// <summary>Runs one command body with the CLI's failure rules: a finding is exit 1 with one
/// <c>file:line:col</c> line, a usage or I/O problem exit 2, never a stack trace (unless --debug), and
/// stdout written only on success.</summary>
internal static class CliRunner
{
    public static int Run(CliContext ctx, ParseResult r, GlobalOptions g, Func<int> body)
    {
        ctx.Debug = r.GetValue(g.Debug);
        int code;
        try
        {
            code = AtomicFile.With(ctx.OpenTempFile, body);
        }
        catch (DomainCpuException ex)
        {
            ctx.Stderr.WriteLine(ex.Diagnostic.ToString());
            if (WantsJson(r)) JsonError(ctx, ex.Diagnostic.Id, ex.Diagnostic.CategoryName, ex.Diagnostic.File, ex.Diagnostic.Line, ex.Diagnostic.Column, ex.Diagnostic.Message);
            return CliExit.Finding;
        }
        catch (Exception ex) when (ex is CliUsageException or IOException or UnauthorizedAccessException)
        {
            ctx.Stderr.WriteLine($"domaincpu: {ex.Message}");
            if (WantsJson(r)) JsonError(ctx, null, "usage", null, 0, 0, ex.Message);
            return CliExit.Usage;
        }
        catch (Exception ex)
        {
            ctx.Unexpected = ex;
            ctx.Stderr.WriteLine(ctx.Debug
                ? $"domaincpu: internal error: {ex}"
                : $"domaincpu: internal error: {ex.GetType().Name}: {ex.Message} (run with --debug for details)");
            return CliExit.Usage;
        }
        if (code == CliExit.Ok || ctx.Pending.Length > 0)
        {
            ctx.Pending.Position = 0;
            ctx.Pending.CopyTo(ctx.Stdout);
            ctx.Stdout.Flush();
        }
        return code;
    }

    /// <summary>Whether the command was asked for JSON (it offers <c>--json</c>, its own or a parent's recursive one, and
    /// it was given).</summary>
    private static bool WantsJson(ParseResult r)
    {
        for (var c = r.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (c.Command.Options.FirstOrDefault(o => o.Name == "--json" && (o.Recursive || c == r.CommandResult)) is Option<bool> json)
            {
                return r.GetValue(json);
            }
        }
        return false;
    }

    /// <summary>A failure as JSON on stdout, beside its text on stderr (docs/json-output.md): nothing else the command
    /// wrote is printed.</summary>
    private static void JsonError(CliContext ctx, string? id, string category, string? file, int line, int column, string message)
    {
        var text = JsonOut.Object(w =>
        {
            w.WriteStartObject("error");
            if (id is null) w.WriteNull("id");
            else w.WriteString("id", id);
            w.WriteString("category", category);
            if (string.IsNullOrEmpty(file)) w.WriteNull("file");
            else w.WriteString("file", file);
            w.WriteNumber("line", line);
            w.WriteNumber("column", column);
            w.WriteString("message", message);
            w.WriteEndObject();
        });
        var bytes = new System.Text.UTF8Encoding(false).GetBytes(text);
        ctx.Stdout.Write(bytes, 0, bytes.Length);
        ctx.Stdout.Flush();
    }
}

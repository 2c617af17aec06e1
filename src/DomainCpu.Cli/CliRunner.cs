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
            return CliExit.Finding;
        }
        catch (CliUsageException ex)
        {
            ctx.Stderr.WriteLine($"domaincpu: {ex.Message}");
            return CliExit.Usage;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ctx.Stderr.WriteLine($"domaincpu: {ex.Message}");
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
        if (code == CliExit.Ok || ctx.Pending.Length > 0 && code == CliExit.Finding)
        {
            ctx.Pending.Position = 0;
            ctx.Pending.CopyTo(ctx.Stdout);
            ctx.Stdout.Flush();
        }
        return code;
    }
}

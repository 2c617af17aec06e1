using System.CommandLine;

namespace DomainCpu.Cli;

/// <summary>The <c>domaincpu</c> command line.</summary>
internal static class Program
{
    public static int Main(string[] args) => Run(args, CliContext.Console());

    /// <summary>Runs the command line in-process against the given context (used by tests and the fuzzer).</summary>
    public static int Run(string[] args, CliContext ctx)
    {
        var root = BuildRoot(ctx);
        args = GlobalOptions.CommandFirst(args);
        var parse = root.Parse(args);
        var config = new InvocationConfiguration
        {
            Output = new StreamWriter(ctx.Stdout) { AutoFlush = true },
            Error = ctx.Stderr,
            EnableDefaultExceptionHandler = false,
        };
        if (parse.Errors.Count > 0)
        {
            foreach (var refused in GlobalOptions.NotTakenBy(parse.CommandResult.Command, args))
            {
                ctx.Stderr.WriteLine($"domaincpu: {parse.CommandResult.Command.Name} does not take {refused} (see 'domaincpu {parse.CommandResult.Command.Name} --help')");
            }
            foreach (var e in parse.Errors) ctx.Stderr.WriteLine($"domaincpu: {e.Message}");
            ctx.Stderr.WriteLine("Try 'domaincpu --help'.");
            return CliExit.Usage;
        }
        try
        {
            return parse.Invoke(config);
        }
        catch (Exception ex)
        {
            // Commands report through CliRunner; this is the last line of defence for anything outside it.
            ctx.Unexpected = ex;
            ctx.Stderr.WriteLine($"domaincpu: internal error: {ex.GetType().Name}: {ex.Message}");
            return CliExit.Usage;
        }
    }

    public static RootCommand BuildRoot(CliContext ctx)
    {
        var g = new GlobalOptions();
        var root = new RootCommand("domaincpu: the guest CPU part of libvirt domain XML: format, validate, expand, compare, baseline, QEMU arguments");
        g.AddTo(root);
        foreach (var c in Commands(ctx, g))
        {
            g.AddTo(c);
            root.Subcommands.Add(c);
        }
        return root;
    }

    private static IEnumerable<Command> Commands(CliContext ctx, GlobalOptions g)
    {
        yield return FormatCommand.Create(ctx, g);
        yield return ArgvCommand.Create(ctx, g);
        yield return ExpandCommand.Create(ctx, g);
        yield return StripCommand.Create(ctx, g);
        yield return MigratableCommand.Create(ctx, g);
        yield return HookCommand.Create(ctx, g);
        yield return DiffCommand.Create(ctx, g);
        yield return HelpCommand.Create(ctx, g);
        yield return ValidateCommand.Create(ctx, g);
        yield return ModelsCommand.Create(ctx, g);
        yield return CompareCommand.Create(ctx, g);
        yield return BaselineCommand.Create(ctx, g);
        yield return PolicyCommand.Create(ctx, g);
        yield return CapabilitiesCommand.Create(ctx, g);
        yield return SchemasCommand.Create(ctx, g);
    }
}

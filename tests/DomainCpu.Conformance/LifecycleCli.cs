using DomainCpu.Cli;

namespace DomainCpu.Conformance;

/// <summary>Runs the CLI in-process with bytes on stdin.</summary>
internal static class LifecycleCli
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr);

    public static Result Run(byte[] stdin, params string[] args)
    {
        using var input = new MemoryStream(stdin);
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var code = DomainCpu.Cli.Program.Run(args, new CliContext(input, output, error));
        return new Result(code, output.ToArray(), error.ToString());
    }
}

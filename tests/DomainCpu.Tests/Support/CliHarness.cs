using System.Text;
using DomainCpu.Cli;

namespace DomainCpu.Tests.Support;

/// <summary>Runs the domaincpu command line in-process.</summary>
public static class CliHarness
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr)
    {
        public string StdoutText => Encoding.UTF8.GetString(Stdout);
    }

    public static Result Run(params string[] args) => RunWithInput(Array.Empty<byte>(), args);

    public static Result RunWithInput(byte[] stdin, params string[] args) => RunOnHost(null, stdin, args);

    /// <summary>Runs with <paramref name="hostRoot"/> as the root the command looks for a libvirt installation under
    /// (null: none, as every other test runs, so results never depend on what this machine has installed).</summary>
    public static Result RunOnHost(string? hostRoot, byte[] stdin, params string[] args)
    {
        using var input = new MemoryStream(stdin);
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var code = Program.Run(args, new CliContext(input, output, error) { HostRoot = hostRoot });
        return new Result(code, output.ToArray(), error.ToString());
    }
}

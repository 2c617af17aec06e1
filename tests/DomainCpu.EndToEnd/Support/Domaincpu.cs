using DomainCpu.Cli;

namespace DomainCpu.EndToEnd.Support;

/// <summary>Runs <c>domaincpu</c> in-process as the installed command runs: answering as the libvirt installed under
/// <c>root</c> (<c>/</c> for this host, the chroot's folder for a chroot's libvirt: the same cpu_map and QEMU
/// capabilities cache the daemon uses), no host files given.</summary>
internal static class Domaincpu
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(string root, string stdin, params string[] args)
    {
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin));
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var code = Program.Run(args, new CliContext(input, output, error) { HostRoot = root });
        return new Result(code, System.Text.Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }
}

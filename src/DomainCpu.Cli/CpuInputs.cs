using DomainCpu.Xml;

namespace DomainCpu.Cli;

/// <summary>The CPUs of a command's input file (<see cref="CpuInput.ReadAll"/>): a path, or <c>-</c> for standard input.</summary>
internal static class CpuInputs
{
    public static IReadOnlyList<CpuInput> Read(CliContext ctx, string path) => CpuInput.ReadAll(InputFiles.LoadBytes(ctx, path), path);
}

using DomainCpu.Diagnostics;

namespace DomainCpu.Cli;

/// <summary>Says on stderr why <c>--pin-version</c> left a model name as it was: the target libvirt knows no versioned
/// model names (DC1200, which the library gives without a position).</summary>
internal static class PinNotice
{
    public static void Report(CliContext ctx, string file, IEnumerable<Diagnostic> warnings)
    {
        foreach (var why in warnings) ctx.Stderr.WriteLine($"{file}: warning: [{why.Id}] {why.Message}");
    }
}

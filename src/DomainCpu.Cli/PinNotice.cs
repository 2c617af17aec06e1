using DomainCpu.Model;
using DomainCpu.Start;
using DomainCpu.Targets;
using DomainCpu.Xml;

namespace DomainCpu.Cli;

/// <summary>Says on stderr why <c>--pin-version</c> left a model name as it was: the target libvirt knows no versioned
/// model names (<see cref="ModelVersions.Decide"/>).</summary>
internal static class PinNotice
{
    public static void Report(CliContext ctx, string file, DomainDocument result, string? machine, Target target)
    {
        if (result.ReadCpu() is not { Mode: CpuMode.Custom, ModelName: { } name }) return;
        var machineType = machine ?? LiveDocument.DomainOf(result).Machine;
        if (ModelVersions.Decide(name, machineType, target.Qemu, target.Libvirt) is { NotPinned: { } why })
        {
            ctx.Stderr.WriteLine($"{file}: warning: [{why.Id}] {why.Message}");
        }
    }
}

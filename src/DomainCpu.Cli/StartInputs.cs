using System.CommandLine;
using DomainCpu.Host;
using DomainCpu.Start;

namespace DomainCpu.Cli;

/// <summary>The <see cref="StartContext"/> of the commands that start a domain (<c>argv</c>, <c>expand</c>, <c>hook</c>):
/// the target, and the captured host documents given by path (none given: only the target).</summary>
internal static class StartInputs
{
    public static StartContext Read(CliContext ctx, ParseResult r, GlobalOptions g, string? caps, string? domcaps, string? qemuCaps)
    {
        var record = qemuCaps is null ? null : InputFiles.Load(ctx, qemuCaps);
        var target = CliTarget.Resolve(ctx, r, g, record is null ? null : QemuCapabilitiesReader.Read(record));
        return HostDocuments.Read(new StartContext { Target = target },
            caps is null ? null : InputFiles.Load(ctx, caps),
            domcaps is null ? null : InputFiles.Load(ctx, domcaps),
            record);
    }
}

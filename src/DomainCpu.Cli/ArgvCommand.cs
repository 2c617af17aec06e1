using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using DomainCpu.Catalog;
using DomainCpu.Qemu;
using DomainCpu.Schema;
using DomainCpu.Diagnostics;
using DomainCpu.Host;
using DomainCpu.Start;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu argv</c>: the <c>-cpu</c> and <c>-smp</c> values libvirt 9.0 would give QEMU.</summary>
internal static class ArgvCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var file = new Argument<string>("FILE") { Description = "Domain XML; - for standard input" };
        var qemuCaps = new Option<string?>("--qemu-caps") { Description = "libvirt's <qemuCaps> record of the QEMU binary (default: QEMU 7.2's facts)" };
        var machine = new Option<string?>("--machine") { Description = "Use this machine type instead of the domain's" };
        var json = new Option<bool>("--json") { Description = "Print {\"cpu\",\"smp\",\"taints\",\"warnings\"} as JSON" };
        var incoming = new Option<bool>("--incoming") { Description = "The domain is started by incoming migration (taint host-cpu)" };
        var cmd = new Command("argv", "Print the -cpu and -smp values libvirt would build for the domain")
        {
            file, qemuCaps, machine, json, incoming,
        };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var doc = InputFiles.Load(ctx, r.GetValue(file)!);
            var warnings = new List<Diagnostic>();
            var hostCaps = r.GetValue(g.Caps) is { } hc ? InputFiles.Load(ctx, hc) : null;
            var target = CliTarget.Resolve(ctx, r, g);
            var domain = ArgvDomainReader.Read(doc, warnings, target.Libvirt.CpuXml);
            var env = new ArgvEnvironment
            {
                Caps = r.GetValue(qemuCaps) is { } qc ? QemuCapabilitiesReader.Read(InputFiles.Load(ctx, qc)) : QemuBuiltinCapabilities.Qemu72,
                Machine = r.GetValue(machine),
                HostModel = r.GetValue(g.DomCaps) is { } dc ? HostModelReader.ReadHostModel(InputFiles.Load(ctx, dc)) : null,
                HostCpu = hostCaps is null ? null : HostModelReader.ReadHostCpu(hostCaps),
                HostNumaNodes = hostCaps is null ? null : HostNumaReader.ReadNodes(hostCaps),
                Incoming = r.GetValue(incoming),
                Catalog = target.Models,
            };
            var result = QemuArgv.Build(domain, env);
            foreach (var w in warnings) ctx.Stderr.WriteLine(w.ToString());
            if (r.GetValue(json))
            {
                var dto = new ArgvJson(result.Cpu, result.Smp, result.Taints.ToArray(), result.Warnings.ToArray());
                ctx.WriteLine(JsonSerializer.Serialize(dto, ArgvJsonContext.Relaxed.ArgvJson));
            }
            else
            {
                foreach (var w in result.Warnings) ctx.Stderr.WriteLine($"{doc.File}: warning: {w}");
                if (result.Cpu is not null) ctx.WriteLine($"-cpu {result.Cpu}");
                if (result.Smp is not null) ctx.WriteLine($"-smp {result.Smp}");
            }
            return CliExit.Ok;
        }));
        return cmd;
    }
}

/// <summary>The JSON shape of <c>argv --json</c>.</summary>
internal sealed record ArgvJson(
    [property: JsonPropertyName("cpu")] string? Cpu,
    [property: JsonPropertyName("smp")] string? Smp,
    [property: JsonPropertyName("taints")] string[] Taints,
    [property: JsonPropertyName("warnings")] string[] Warnings);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ArgvJson))]
internal sealed partial class ArgvJsonContext : JsonSerializerContext
{
    /// <summary>Keeps &lt;, &gt;, quotes and non-ASCII text readable in warnings.</summary>
    public static ArgvJsonContext Relaxed { get; } = new(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

using System.CommandLine;
using DomainCpu.Qemu;
using DomainCpu.Start;
using DomainCpu.Host;
using DomainCpu.Targets;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu expand --live</c>: the live XML of a domain started on a host.</summary>
internal static class ExpandCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var file = new Argument<string>("FILE") { Description = "Domain or <cpu> document; - for standard input" };
        var live = new Option<bool>("--live") { Description = "Start-time expansion: the CPU as the running guest has it" };
        var machine = new Option<string?>("--machine") { Description = "Machine type the guest runs on (default: the domain's)" };
        var qemuCpu = new Option<string?>("--qemu-cpu")
        {
            Description = "CPU data QEMU enabled for the started guest (<cpudata arch='x86'>; a FILE-enabled.xml finds FILE-disabled.xml beside it)",
        };
        var qemuCpuDisabled = new Option<string?>("--qemu-cpu-disabled") { Description = "CPU data QEMU could not enable (<cpudata arch='x86'>)" };
        var qemuCaps = new Option<string?>("--qemu-caps") { Description = "libvirt's <qemuCaps> record of the QEMU binary" };
        var models = new Option<string?>("--models")
        {
            Description = "CPU models the hypervisor offers, comma-separated (instead of domain capabilities' list): translate to one of them",
        };
        var json = new Option<bool>("--json") { Description = "Print {\"file\",\"kind\",\"cpu\",\"document\"} of the live XML as JSON (docs/json-output.md)" };
        var pin = new Option<bool>("--pin-version") { Description = "Pin an unversioned model to the version the machine type runs" };
        var cmd = new Command("expand", "Print the live XML: the <cpu> as libvirt fills it in at start, the configured one kept in <metadata>")
        {
            file, live, machine, qemuCpu, qemuCpuDisabled, qemuCaps, models, pin, json,
        };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            if (!r.GetValue(live)) throw new CliUsageException("expand needs --live (start-time expansion is the only kind)");
            // The target is resolved only when something needs it: expand with host files and no --cpu-map loads no catalog.
            Target? target = null;
            Target Target() => target ??= CliTarget.Resolve(r, g,
                r.GetValue(qemuCaps) is { } captured ? QemuCapabilitiesReader.Read(InputFiles.Load(ctx, captured)) : null,
                domainCapabilities: r.GetValue(g.DomCaps) is { } dc and not "-" ? InputFiles.Load(ctx, dc) : null);
            var pinVersion = r.GetValue(pin);
            var catalog = r.GetValue(g.CpuMap) is null ? null : Target().Models;
            var enabledPath = r.GetValue(qemuCpu);
            var disabledPath = r.GetValue(qemuCpuDisabled);
            if (enabledPath is not null && disabledPath is null && enabledPath.EndsWith("-enabled.xml", StringComparison.Ordinal))
            {
                var sibling = enabledPath[..^"-enabled.xml".Length] + "-disabled.xml";
                if (File.Exists(sibling)) disabledPath = sibling;
            }
            var qemuData = enabledPath is not null || disabledPath is not null;
            if (qemuData || r.GetValue(models) is not null) catalog ??= Target().Models;
            var doc = InputFiles.Load(ctx, r.GetValue(file)!);
            var noHostFiles = r.GetValue(g.Caps) is null && r.GetValue(g.DomCaps) is null;
            ExpansionHost host;
            if (qemuData && noHostFiles) host = ExpansionHost.Unknown;
            else if (noHostFiles)
            {
                // No captured host data: probe this machine and decode it with the catalog.
                catalog ??= Target().Models;
                var qemu = r.GetValue(qemuCaps) is { } qc ? QemuCapabilitiesReader.Read(InputFiles.Load(ctx, qc)) : null;
                host = new ExpansionHost(null, HostProbe.HostCpu(catalog, r.GetValue(g.CpuMap) ?? "embedded catalog"), qemu);
            }
            else host = LoadHost(ctx, r.GetValue(g.Caps), r.GetValue(g.DomCaps), r.GetValue(qemuCaps));
            var options = new ExpansionOptions
            {
                Machine = r.GetValue(machine),
                PinModelVersion = pinVersion,
                Qemu = catalog is not null || pinVersion ? Target().Qemu : null,
                Libvirt = pinVersion ? Target().Libvirt : null,
                Catalog = catalog,
                AllowedModels = r.GetValue(models)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                QemuEnabled = enabledPath is null ? null : QemuCpuDataReader.Read(InputFiles.Load(ctx, enabledPath)),
                QemuDisabled = disabledPath is null ? null : QemuCpuDataReader.Read(InputFiles.Load(ctx, disabledPath)),
            };
            var expanded = LiveDocument.Expand(doc, host, options);
            if (pinVersion) PinNotice.Report(ctx, doc.File, expanded, r.GetValue(machine), Target());
            if (r.GetValue(json)) ctx.WriteText(CpuJson.Document(expanded));
            else ctx.Write(expanded.ToBytes());
            return CliExit.Ok;
        }));
        return cmd;
    }

    /// <summary>The host from the files given; without any, this machine would be probed.</summary>
    internal static ExpansionHost LoadHost(CliContext ctx, string? caps, string? domcaps, string? qemuCaps)
    {
        if (caps is null && domcaps is null)
        {
            throw new CliUsageException("probing this host's CPU is not available in this build; pass --caps or --domcaps");
        }
        return ExpansionHostReader.Read(
            caps is null ? null : InputFiles.Load(ctx, caps),
            domcaps is null ? null : InputFiles.Load(ctx, domcaps),
            qemuCaps is null ? null : InputFiles.Load(ctx, qemuCaps));
    }
}

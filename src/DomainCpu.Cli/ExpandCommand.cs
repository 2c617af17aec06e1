using System.CommandLine;
using DomainCpu.Catalog;
using DomainCpu.Qemu;
using DomainCpu.Start;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Host;

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
            var catalog = LoadCatalog(r.GetValue(g.CpuMap));
            var enabledPath = r.GetValue(qemuCpu);
            var disabledPath = r.GetValue(qemuCpuDisabled);
            if (enabledPath is not null && disabledPath is null && enabledPath.EndsWith("-enabled.xml", StringComparison.Ordinal))
            {
                var sibling = enabledPath[..^"-enabled.xml".Length] + "-disabled.xml";
                if (File.Exists(sibling)) disabledPath = sibling;
            }
            var qemuData = enabledPath is not null || disabledPath is not null;
            if (qemuData || r.GetValue(models) is not null) catalog ??= CliTarget.Resolve(ctx, r, g).Models;
            var doc = InputFiles.Load(ctx, r.GetValue(file)!);
            var noHostFiles = r.GetValue(g.Caps) is null && r.GetValue(g.DomCaps) is null;
            ExpansionHost host;
            if (qemuData && noHostFiles) host = ExpansionHost.Unknown;
            else if (noHostFiles)
            {
                // No captured host data: probe this machine and decode it with the catalog.
                catalog ??= CliTarget.Resolve(ctx, r, g).Models;
                var qemu = r.GetValue(qemuCaps) is { } qc ? QemuCapabilitiesReader.Read(InputFiles.Load(ctx, qc)) : null;
                host = new ExpansionHost(null, HostProbe.HostCpu(catalog, r.GetValue(g.CpuMap) ?? "embedded catalog"), qemu);
            }
            else host = LoadHost(ctx, r.GetValue(g.Caps), r.GetValue(g.DomCaps), r.GetValue(qemuCaps));
            // The captured QEMU record names the libvirt release that wrote it, unless --libvirt says otherwise.
            var libvirt = CliTarget.Libvirt(ctx, r, g, host.QemuCapabilities);
            var options = new ExpansionOptions
            {
                Libvirt = libvirt,
                Machine = r.GetValue(machine),
                PinModelVersion = r.GetValue(pin),
                Catalog = catalog,
                AllowedModels = r.GetValue(models)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                QemuEnabled = enabledPath is null ? null : QemuCpuDataReader.Read(InputFiles.Load(ctx, enabledPath)),
                QemuDisabled = disabledPath is null ? null : QemuCpuDataReader.Read(InputFiles.Load(ctx, disabledPath)),
            };
            var expanded = LiveDocument.Expand(doc, host, options);
            if (r.GetValue(json)) ctx.WriteText(CpuJson.Document(expanded, libvirt));
            else ctx.Write(expanded.ToBytes());
            return CliExit.Ok;
        }));
        return cmd;
    }

    /// <summary>The catalog of a libvirt cpu_map directory; null without --cpu-map.</summary>
    internal static CpuCatalog? LoadCatalog(string? cpuMap)
    {
        if (cpuMap is null) return null;
        if (!Directory.Exists(cpuMap)) throw new CliUsageException($"{cpuMap}: no such directory");
        return LibvirtCpuMap.LoadDirectory(cpuMap);
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

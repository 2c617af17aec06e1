using System.CommandLine;
using DomainCpu.Catalog;
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
        var json = new Option<bool>("--json") { Description = "Print {\"file\",\"kind\",\"cpu\",\"libvirt\",\"target\",\"document\"} of the live XML as JSON (docs/json-output.md)" };
        var pin = new Option<bool>("--pin-version") { Description = "Pin an unversioned model to the version the machine type runs" };
        var cmd = new Command("expand", "Print the live XML: the <cpu> as libvirt fills it in at start, the configured one kept in <metadata>")
        {
            file, live, machine, qemuCpu, qemuCpuDisabled, qemuCaps, models, pin, json,
        };
        var memory = new HostMemoryOptions();
        memory.AddTo(cmd);
        var threads = new HostThreadOptions();
        threads.AddTo(cmd);
        var paths = new HostPathOptions();
        paths.AddTo(cmd);
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            if (!r.GetValue(live)) throw new CliUsageException("expand needs --live (start-time expansion is the only kind)");
            var enabledPath = r.GetValue(qemuCpu);
            var disabledPath = r.GetValue(qemuCpuDisabled);
            if (enabledPath is not null && disabledPath is null && enabledPath.EndsWith("-enabled.xml", StringComparison.Ordinal))
            {
                var sibling = enabledPath[..^"-enabled.xml".Length] + "-disabled.xml";
                if (File.Exists(sibling)) disabledPath = sibling;
            }
            var qemuData = enabledPath is not null || disabledPath is not null;
            var doc = DocumentKinds.Require(InputFiles.Load(ctx, r.GetValue(file)!), DocumentKinds.GuestCpu);
            var files = new HostFiles(r.GetValue(g.Caps), r.GetValue(g.DomCaps), r.GetValue(qemuCaps));
            Target Resolve(Model.QemuCapabilities? record, Xml.DomainDocument? domcaps) => CliTarget.Resolve(ctx, r, g, record, domcaps);
            // QEMU's report of a started guest alone is libvirt's update, with no host involved.
            var context = (qemuData && !files.DescribeHost ? new StartContext { Target = Resolve(null, null) } : StartInputs.Read(ctx, doc, files, Resolve)) with
            {
                Machine = r.GetValue(machine),
                PinModelVersion = r.GetValue(pin),
                AllowedModels = r.GetValue(models)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                HostMemory = qemuData && !files.DescribeHost ? null : memory.Facts(r, files),
            };
            if (!qemuData || files.DescribeHost) context = paths.Apply(threads.Apply(context, r, files), r, files);
            context = HostDocuments.ReadQemuCpuData(context, enabledPath is null ? null : InputFiles.Load(ctx, enabledPath),
                disabledPath is null ? null : InputFiles.Load(ctx, disabledPath));
            if (!qemuData && !StartInputs.DescribesHost(context))
            {
                // No captured host data: probe this machine and decode it with the target's CPU models.
                context = context with { HostCpu = HostProbe.HostCpu(context.Target) };
            }
            var warnings = new List<Diagnostics.Diagnostic>();
            var expanded = LibvirtCpu.Expand(doc, context, warnings);
            PinNotice.Report(ctx, doc.File, warnings);
            if (r.GetValue(json)) ctx.WriteText(CpuJson.Document(expanded, context.Target.Libvirt, context.Target));
            else ctx.Write(expanded.ToBytes());
            return CliExit.Ok;
        }));
        return cmd;
    }
}

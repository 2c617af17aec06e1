using System.CommandLine;
using DomainCpu.Model;
using DomainCpu.Start;
using DomainCpu.Targets;

namespace DomainCpu.Cli;

/// <summary>
/// <c>domaincpu hook GUEST OP SUBOP EXTRA</c>: libvirt's qemu hook protocol, the domain XML on stdin
/// (install as <c>/etc/libvirt/hooks/qemu.d/domaincpu</c>; docs/hook.md). At <c>prepare begin</c> it refuses a start
/// libvirt would refuse for the guest's CPU, before anything is allocated, with the reason. It never calls libvirt —
/// a hook that does deadlocks the daemon — and reads what libvirt left on disk (its cpu_map and its record of the
/// QEMU binary) or the captured files its configuration names.
/// </summary>
internal static class HookCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var guest = new Argument<string>("GUEST") { Description = "Domain name" };
        var op = new Argument<string>("OP") { Description = "Operation (prepare, start, migrate, restore, …)" };
        var subOp = new Argument<string>("SUBOP") { Description = "Sub-operation (begin, end, …)" };
        var extra = new Argument<string?>("EXTRA") { Description = "Extra argument (libvirt passes -)", Arity = ArgumentArity.ZeroOrOne };
        var config = new Option<string?>("--config")
        {
            Description = $"Configuration file (default: ${HookConfig.EnvironmentVariable}, else {HookConfig.DefaultPath})",
        };
        var cmd = new Command("hook", "libvirt qemu hook: refuse at prepare a start libvirt would refuse for the guest's CPU")
        {
            guest, op, subOp, extra, config,
        };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            // libvirt writes the XML to every hook; read it all so the writer never sees a broken pipe.
            var xml = Xml.InputReader.ReadAll(ctx.Stdin, "-");
            // Only prepare checks. The migrate and restore filters print nothing, so libvirt keeps its own XML: it
            // refuses any CPU the filter changes (model, check, features) as an ABI change (docs/hook.md).
            if ((r.GetValue(op), r.GetValue(subOp)) is not ("prepare", "begin")) return CliExit.Ok;
            var settings = LoadConfig(r.GetValue(config));
            if (!settings.Check) return CliExit.Ok;
            var doc = DocumentKinds.Require(Xml.DomainDocument.Load(xml, $"{r.GetValue(guest)}.xml"), DocumentKinds.Domain);
            Target Resolve(QemuCapabilities? record, Xml.DomainDocument? domcaps) =>
                CliTarget.Resolve(ctx, settings.Libvirt ?? r.GetValue(g.Libvirt), settings.Qemu ?? r.GetValue(g.Qemu),
                    settings.CpuMap ?? r.GetValue(g.CpuMap), record, domcaps);
            // The hook runs on the host the guest starts on: its memory facts, online CPUs and files are this machine's (its
            // cgroup controllers are the daemon's, which the hook cannot see).
            var context = StartInputs.Read(ctx, doc, new HostFiles(settings.Caps, settings.DomCaps, settings.QemuCaps), Resolve) with
            {
                HostMemory = HostMemoryProbe.Probe(),
                HostCpus = HostThreadProbe.OnlineCpus(),
                HostPathExists = HostPathOptions.ThisMachineHas,
            };
            if (!StartInputs.DescribesHost(context))
            {
                ctx.Stderr.WriteLine($"domaincpu: hook: no host data for {Emulator(doc)}: libvirt has not recorded that QEMU binary " +
                    "and the configuration names no captured files; not checking");
                return CliExit.Ok;
            }
            LibvirtCpu.Expand(doc, context);
            return CliExit.Ok;
        }));
        return cmd;
    }

    private static string Emulator(Xml.DomainDocument doc) => doc.ReadDomainInfo().Emulator ?? "the guest's QEMU binary";

    private static HookConfig LoadConfig(string? explicitPath)
    {
        var path = explicitPath ?? Environment.GetEnvironmentVariable(HookConfig.EnvironmentVariable);
        if (path is null)
        {
            if (!File.Exists(HookConfig.DefaultPath)) return HookConfig.Empty;
            path = HookConfig.DefaultPath;
        }
        var bytes = InputFiles.ReadBytes(path);
        var config = HookConfig.Parse(new System.Text.UTF8Encoding(false).GetString(bytes), path);
        // Relative paths in the file are relative to the file's directory.
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? Resolve(string? p) => p is null ? null : Path.Combine(dir, p);
        return config with
        {
            DomCaps = Resolve(config.DomCaps), Caps = Resolve(config.Caps), QemuCaps = Resolve(config.QemuCaps), CpuMap = Resolve(config.CpuMap),
        };
    }
}

using System.CommandLine;
using DomainCpu.Start;

namespace DomainCpu.Cli;

/// <summary>
/// <c>domaincpu hook GUEST OP SUBOP EXTRA</c>: libvirt's qemu hook protocol, the domain XML on stdin
/// (install as <c>/etc/libvirt/hooks/qemu.d/domaincpu</c>; docs/hook.md). It never calls libvirt — a hook that
/// does deadlocks the daemon — and reads only the captured files its configuration names.
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
        var cmd = new Command("hook", "libvirt qemu hook: check the guest CPU at prepare, rewrite migrated and restored XML")
        {
            guest, op, subOp, extra, config,
        };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var action = (r.GetValue(op), r.GetValue(subOp)) switch
            {
                ("prepare", "begin") => HookAction.Check,
                ("migrate", "begin") or ("restore", "begin") => HookAction.Filter,
                _ => HookAction.None,
            };
            // libvirt writes the XML to every hook; read it all so the writer never sees a broken pipe.
            var xml = Xml.InputReader.ReadAll(ctx.Stdin, "-");
            if (action == HookAction.None) return CliExit.Ok;
            var settings = LoadConfig(r.GetValue(config));
            var doc = Xml.DomainDocument.Load(xml, $"{r.GetValue(guest)}.xml");
            var libvirt = CliTarget.Libvirt(ctx, r, g);
            if (action == HookAction.Filter)
            {
                var rewritten = LiveDocument.Migratable(doc, settings.PinVersion, libvirt: libvirt);
                if (!ReferenceEquals(rewritten, doc)) ctx.Write(rewritten.ToBytes());
                return CliExit.Ok;
            }
            if (!settings.Check) return CliExit.Ok;
            if (settings.Caps is null && settings.DomCaps is null)
            {
                ctx.Stderr.WriteLine("domaincpu: hook: no captured host data configured (domcaps/caps) and no host probe in this build; not checking");
                return CliExit.Ok;
            }
            var host = ExpandCommand.LoadHost(ctx, settings.Caps, settings.DomCaps, settings.QemuCaps);
            LiveDocument.Expand(doc, host, new ExpansionOptions { Libvirt = libvirt });
            return CliExit.Ok;
        }));
        return cmd;
    }

    private enum HookAction { None, Check, Filter }

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
        return config with { DomCaps = Resolve(config.DomCaps), Caps = Resolve(config.Caps), QemuCaps = Resolve(config.QemuCaps) };
    }
}

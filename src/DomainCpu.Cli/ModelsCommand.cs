using System.CommandLine;
using System.Globalization;
using System.Text;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu models [--machine M] [--json]</c> lists the CPU models of the target's QEMU catalog (<c>--qemu V</c>,
/// else the QEMU the target's libvirt ships with); <c>domaincpu models show NAME</c> expands one. Whether the host can run each model is decided as QEMU does under
/// KVM (<see cref="LibvirtCpu.Models(Targets.Target, string?, Host.HostCpuid?)"/>): this machine probed by CPUID, or a CPUID dump (<c>--cpuid</c>), or a host
/// <c>&lt;cpu&gt;</c> (<c>--caps</c>); <c>--no-host</c> leaves it unknown.</summary>
internal static class ModelsCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var machine = new Option<string?>("--machine") { Description = "QEMU machine type (or alias) that decides what unversioned names mean; default: QEMU's default machine type", Recursive = true };
        var json = new Option<bool>("--json") { Description = "Machine-readable output", Recursive = true };
        var cpuid = new Option<string?>("--cpuid") { Description = "Decide usability for a CPUID dump (<cpudata arch='x86'>) instead of probing this machine; - for standard input" };
        var noHost = new Option<bool>("--no-host") { Description = "Do not look at any host: usable is unknown (null)" };
        var list = new Command("models", "List the CPU models of a QEMU release (--qemu V) and whether the host can run them (QEMU under KVM)")
        {
            machine, json, cpuid, noHost,
        };
        list.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var listing = Listing(ctx, r, g, r.GetValue(machine), r.GetValue(cpuid), r.GetValue(noHost));
            var rows = listing.Models;
            if (r.GetValue(json)) ctx.WriteText(ListJson(rows));
            else ctx.WriteText(ListText(rows, listing.Machine));
            return CliExit.Ok;
        }));

        var name = new Argument<string>("NAME") { Description = "A CPU model name as -cpu takes it: Haswell, Haswell-v2, Haswell-noTSX" };
        var show = new Command("show", "Show a model resolved under a machine type: its version, features with their CPUID bits, and what changed from the previous version") { name };
        show.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var target = CliTarget.Resolve(ctx, r, g);
            var cpu = r.GetValue(name)!;
            var e = Machine(() => LibvirtCpu.Model(target, cpu, r.GetValue(machine)))
                ?? throw new CliUsageException($"unknown CPU model '{cpu}' in QEMU {target.Qemu.QemuVersion} (see 'domaincpu models')");
            if (r.GetValue(json)) ctx.WriteText(ShowJson(e));
            else ctx.WriteText(ShowText(e));
            return CliExit.Ok;
        }));
        list.Subcommands.Add(show);
        return list;
    }

    /// <summary>The target's models with their usability on the host: the CPUID dump, else the host <c>&lt;cpu&gt;</c> of
    /// <c>--caps</c>, else a probe of this machine; unknown with <c>--no-host</c>.</summary>
    private static QemuModelList Listing(CliContext ctx, ParseResult r, GlobalOptions g, string? machine, string? cpuidPath, bool noHost)
    {
        var caps = r.GetValue(g.Caps);
        var target = CliTarget.Resolve(ctx, r, g);
        if (noHost)
        {
            if (cpuidPath is not null || caps is not null) throw new CliUsageException("--no-host takes neither --cpuid nor --caps");
            return Machine(() => LibvirtCpu.Models(target, machine));
        }
        if (cpuidPath is not null)
        {
            if (caps is not null) throw new CliUsageException("give either --cpuid or --caps, not both");
            var dump = CapabilitiesCommand.ReadDump(ctx, cpuidPath);
            return Machine(() => LibvirtCpu.Models(target, machine, dump));
        }
        if (caps is not null)
        {
            var host = Start.HostDocuments.Read(new Start.StartContext { Target = target }, InputFiles.Load(ctx, caps), null).HostCpu
                ?? throw new CliUsageException($"{caps}: no host <cpu> found");
            try
            {
                return Machine(() => LibvirtCpu.Models(target, machine, host));
            }
            catch (Diagnostics.DomainCpuException ex) when (!ex.Diagnostic.HasLocation)
            {
                throw Diagnostics.DomainCpuException.At(caps, new Diagnostics.SourcePosition(1, 1), ex.Diagnostic);
            }
        }
        var probed = HostProbe.Probe(withFacts: false);
        return Machine(() => LibvirtCpu.Models(target, machine, probed));
    }

    /// <summary>An unknown machine type is a usage error.</summary>
    private static T Machine<T>(Func<T> query)
    {
        try
        {
            return query();
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(ex.Message);
        }
    }

    private static string ListText(IReadOnlyList<QemuModelInfo> rows, string machine)
    {
        var sb = new StringBuilder();
        sb.Append("# machine type ").Append(machine).Append('\n');
        var w = Math.Max(4, rows.Max(r => r.Name.Length));
        var a = Math.Max(8, rows.Max(r => r.AliasOf?.Length ?? 1));
        sb.Append(CultureInfo.InvariantCulture, $"{"NAME".PadRight(w)}  VERSION  {"ALIAS-OF".PadRight(a)}  {"VENDOR",-6}  USABLE   UNAVAILABLE\n");
        foreach (var r in rows)
        {
            var usable = r.Usable switch { null => "unknown", true => "yes", false => "no" };
            var blockers = r.Unavailable is { IsEmpty: false } b ? string.Join(' ', b) : "-";
            sb.Append(CultureInfo.InvariantCulture, $"{r.Name.PadRight(w)}  {VersionName(r.Version),-7}  {(r.AliasOf ?? "-").PadRight(a)}  {r.Vendor,-6}  {usable,-7}  {blockers}\n");
        }
        return sb.ToString();
    }

    private static string ListJson(IReadOnlyList<QemuModelInfo> rows) => JsonOut.Array(w =>
    {
        foreach (var r in rows)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Name);
            w.WriteString("version", VersionName(r.Version));
            if (r.AliasOf is null) w.WriteNull("aliasOf");
            else w.WriteString("aliasOf", r.AliasOf);
            w.WriteString("vendor", r.Vendor);
            if (r.Unavailable is not { } u)
            {
                w.WriteNull("usable");
                w.WriteNull("unavailable");
            }
            else
            {
                w.WriteBoolean("usable", u.IsEmpty);
                JsonOut.Features(w, "unavailable", u);
            }
            w.WriteEndObject();
        }
    });

    private static string ShowText(QemuModelDetails e)
    {
        var sb = new StringBuilder();
        void Line(string text) => sb.Append(text).Append('\n');
        Line($"name:      {e.Name}");
        Line($"resolved:  {e.Resolved} (machine type {e.Machine}{(e.AliasOf is null && !e.Versioned ? ", legacy: no alias reported" : "")})");
        Line($"vendor:    {e.Vendor} ({e.VendorId})");
        Line($"signature: family {Num(e.Family)} model {Num(e.ModelNumber)} stepping {Num(e.Stepping)}");
        Line($"model-id:  {e.ModelId}");
        Line($"levels:    level {Hex(e.Level)} xlevel {Hex(e.XLevel)} min-level {Hex(e.MinLevel)} min-xlevel {Hex(e.MinXLevel)}");
        Line($"features ({e.Features.Length}):");
        var w = e.Features.Length == 0 ? 0 : e.Features.Max(f => f.Name.Length);
        foreach (var f in e.Features)
        {
            var qemu = f.QemuName is not null && f.QemuName != f.Name ? $" (QEMU {f.QemuName})" : "";
            Line($"  {f.Name.PadRight(w)}  {f.Bit ?? "-"}{qemu}");
        }
        if (e.MachineChanges.Length > 0)
        {
            Line($"machine type {e.Machine} changes:");
            foreach (var c in e.MachineChanges) Line($"  {c}");
        }
        Line(e.Previous is null ? $"changes from the previous version: none ({e.Resolved} is the first)" : $"changes from {e.Previous}:");
        foreach (var c in e.Changes) Line($"  {c}");
        return sb.ToString();
    }

    private static string ShowJson(QemuModelDetails e) => JsonOut.Object(w =>
    {
        w.WriteString("name", e.Name);
        w.WriteString("resolved", e.Resolved);
        // The resolved name is always QEMU's versioned one (Haswell-v2): its suffix is the version.
        w.WriteString("version", e.Resolved[(e.Resolved.LastIndexOf("-v", StringComparison.Ordinal) + 1)..]);
        w.WriteString("vendor", e.Vendor);
        JsonOut.Features(w, "features", e.Features.Select(f => f.Name));
        w.WriteString("machine", e.Machine);
        if (e.AliasOf is null) w.WriteNull("aliasOf");
        else w.WriteString("aliasOf", e.AliasOf);
        w.WriteNumber("family", e.Family);
        w.WriteNumber("model", e.ModelNumber);
        w.WriteNumber("stepping", e.Stepping);
        w.WriteString("modelId", e.ModelId);
        w.WriteStartArray("featureBits");
        foreach (var f in e.Features)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            if (f.QemuName is null) w.WriteNull("qemu");
            else w.WriteString("qemu", f.QemuName);
            if (f.Bit is null) w.WriteNull("bit");
            else w.WriteString("bit", f.Bit);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (e.Previous is null) w.WriteNull("previous");
        else w.WriteString("previous", e.Previous);
        w.WriteStartArray("changes");
        foreach (var c in e.Changes) w.WriteStringValue(c);
        w.WriteEndArray();
        w.WriteStartArray("machineChanges");
        foreach (var c in e.MachineChanges) w.WriteStringValue(c);
        w.WriteEndArray();
    });

    /// <summary>A version as the table, QEMU's versioned names and the JSON spell it: <c>v2</c>.</summary>
    private static string VersionName(int number) => "v" + Num(number);

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Hex(long n) => "0x" + n.ToString("x", CultureInfo.InvariantCulture);
}

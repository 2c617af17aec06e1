using System.CommandLine;
using System.Globalization;
using System.Text;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu models [--machine M] [--json]</c> lists the CPU models of the target's QEMU catalog (<c>--qemu V</c>,
/// else the QEMU the target's libvirt ships with); <c>domaincpu models show NAME</c> expands one. Whether the host can run each model is decided as QEMU does under
/// KVM (<see cref="QemuModelCheck"/>): this machine probed by CPUID, or a CPUID dump (<c>--cpuid</c>), or a host
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
            var catalog = CliTarget.Resolve(ctx, r, g).Qemu;
            var mt = Machine(catalog, r.GetValue(machine));
            var offer = HostOffer(ctx, r, g, r.GetValue(cpuid), r.GetValue(noHost));
            var kvm = catalog.Accelerators.FirstOrDefault(a => a.Name == "kvm");
            var rows = catalog.CpuNames.Select(n => new Row(catalog.Resolve(n, mt)!,
                offer is null ? null : QemuModelCheck.Unavailable(catalog, catalog.Expand(n, mt, kvm)!, offer))).ToList();
            if (r.GetValue(json)) ctx.WriteText(ListJson(rows));
            else ctx.WriteText(ListText(rows, mt));
            return CliExit.Ok;
        }));

        var name = new Argument<string>("NAME") { Description = "A CPU model name as -cpu takes it: Haswell, Haswell-v2, Haswell-noTSX" };
        var show = new Command("show", "Show a model resolved under a machine type: its version, features with their CPUID bits, and what changed from the previous version") { name };
        show.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var catalog = CliTarget.Resolve(ctx, r, g).Qemu;
            var mt = Machine(catalog, r.GetValue(machine));
            var cpu = r.GetValue(name)!;
            var e = catalog.Expand(cpu, mt) ?? throw new CliUsageException($"unknown CPU model '{cpu}' in QEMU {catalog.QemuVersion} (see 'domaincpu models')");
            if (r.GetValue(json)) ctx.WriteText(ShowJson(catalog, e, mt));
            else ctx.WriteText(ShowText(catalog, e, mt));
            return CliExit.Ok;
        }));
        list.Subcommands.Add(show);
        return list;
    }

    /// <summary>A listed name: what it resolves to, and what blocks it on the host (null: no host looked at).</summary>
    private sealed record Row(QemuResolution Resolution, System.Collections.Immutable.ImmutableArray<string>? Unavailable);

    /// <summary>What the host offers: the CPUID dump, else the host <c>&lt;cpu&gt;</c> of <c>--caps</c>, else a probe of this
    /// machine; null with <c>--no-host</c>.</summary>
    private static QemuHostOffer? HostOffer(CliContext ctx, ParseResult r, GlobalOptions g, string? cpuidPath, bool noHost)
    {
        var caps = r.GetValue(g.Caps);
        if (noHost)
        {
            if (cpuidPath is not null || caps is not null) throw new CliUsageException("--no-host takes neither --cpuid nor --caps");
            return null;
        }
        if (cpuidPath is not null)
        {
            if (caps is not null) throw new CliUsageException("give either --cpuid or --caps, not both");
            return QemuHostOffer.FromCpuid(CapabilitiesCommand.ReadDump(ctx, cpuidPath));
        }
        if (caps is not null)
        {
            var target = CliTarget.Resolve(ctx, r, g);
            var host = Start.HostDocuments.Read(new Start.StartContext { Target = target }, InputFiles.Load(ctx, caps), null).HostCpu
                ?? throw new CliUsageException($"{caps}: no host <cpu> found");
            var cpuCatalog = target.Models;
            try
            {
                return QemuHostOffer.FromFeatures(X86ModelData.All(cpuCatalog, host).Data);
            }
            catch (Diagnostics.DomainCpuException ex) when (!ex.Diagnostic.HasLocation)
            {
                throw Diagnostics.DomainCpuException.At(caps, new Diagnostics.SourcePosition(1, 1), ex.Diagnostic);
            }
        }
        return QemuHostOffer.FromCpuid(HostProbe.Probe(withFacts: false).Data);
    }

    private static QemuMachineType Machine(QemuCatalog catalog, string? name) =>
        name is null ? catalog.DefaultMachine
            : catalog.FindMachine(name) ?? throw new CliUsageException($"unknown machine type '{name}' in QEMU {catalog.QemuVersion}");

    private static string ListText(IReadOnlyList<Row> rows, QemuMachineType mt)
    {
        var sb = new StringBuilder();
        sb.Append("# machine type ").Append(mt.Name).Append('\n');
        var w = Math.Max(4, rows.Max(r => r.Resolution.Name.Length));
        var a = Math.Max(8, rows.Max(r => r.Resolution.AliasOf?.Length ?? 1));
        sb.Append(CultureInfo.InvariantCulture, $"{"NAME".PadRight(w)}  VERSION  {"ALIAS-OF".PadRight(a)}  {"VENDOR",-6}  USABLE   UNAVAILABLE\n");
        foreach (var (r, unavailable) in rows)
        {
            var usable = unavailable is not { } u ? "unknown" : u.IsEmpty ? "yes" : "no";
            var blockers = unavailable is { IsEmpty: false } b ? string.Join(' ', b) : "-";
            sb.Append(CultureInfo.InvariantCulture, $"{r.Name.PadRight(w)}  {VersionName(r.Version.Number),-7}  {(r.AliasOf ?? "-").PadRight(a)}  {r.Model.Vendor,-6}  {usable,-7}  {blockers}\n");
        }
        return sb.ToString();
    }

    private static string ListJson(IReadOnlyList<Row> rows) => JsonOut.Array(w =>
    {
        foreach (var (r, unavailable) in rows)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Name);
            w.WriteString("version", VersionName(r.Version.Number));
            if (r.AliasOf is null) w.WriteNull("aliasOf");
            else w.WriteString("aliasOf", r.AliasOf);
            w.WriteString("vendor", r.Model.Vendor);
            if (unavailable is not { } u)
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

    private static IEnumerable<QemuFeature> SortedFeatures(QemuCatalog catalog, FeatureSet set) =>
        catalog.FeaturesOf(set).OrderBy(f => f.Name, StringComparer.Ordinal);

    private static string ShowText(QemuCatalog catalog, QemuExpansion e, QemuMachineType mt)
    {
        var r = e.Resolution;
        var v = r.Version;
        var sb = new StringBuilder();
        void Line(string text) => sb.Append(text).Append('\n');
        Line($"name:      {r.Name}");
        Line($"resolved:  {v.Name} (machine type {mt.Name}{(r.AliasOf is null && r.Kind != QemuNameKind.Versioned ? ", legacy: no alias reported" : "")})");
        Line($"vendor:    {r.Model.Vendor} ({e.Props["vendor"].Text})");
        Line($"signature: family {e.Props["family"]} model {e.Props["model"]} stepping {e.Props["stepping"]}");
        Line($"model-id:  {e.Props["model-id"]}");
        Line($"levels:    level {Hex(e.Props["level"])} xlevel {Hex(e.Props["xlevel"])} min-level {Hex(e.Props["min-level"])} min-xlevel {Hex(e.Props["min-xlevel"])}");
        var features = SortedFeatures(catalog, e.Features).ToList();
        Line($"features ({features.Count}):");
        var w = features.Count == 0 ? 0 : features.Max(f => f.Name.Length);
        foreach (var f in features)
        {
            var qemu = f.QemuName is not null && f.QemuName != f.Name ? $" (QEMU {f.QemuName})" : "";
            Line($"  {f.Name.PadRight(w)}  {(f.Bit?.ToString() ?? "-")}{qemu}");
        }
        var byMachine = MachineChanges(catalog, e, mt);
        if (byMachine.Count > 0)
        {
            Line($"machine type {mt.Name} changes:");
            foreach (var c in byMachine) Line($"  {c}");
        }
        Line(PreviousHeader(r));
        foreach (var c in VersionChanges(catalog, r)) Line($"  {c}");
        return sb.ToString();
    }

    private static string PreviousHeader(QemuResolution r) =>
        r.Version.Number == 1 ? $"changes from the previous version: none ({r.Version.Name} is the first)"
            : $"changes from {r.Model.Name}-v{r.Version.Number - 1}:";

    /// <summary>What the version changes from the one before it: features added (+) and removed (-), then properties.</summary>
    private static List<string> VersionChanges(QemuCatalog catalog, QemuResolution r)
    {
        var changes = new List<string>();
        if (r.Model.Version(r.Version.Number - 1) is not { } prev) return changes;
        var cur = r.Version;
        changes.AddRange(SortedFeatures(catalog, cur.Features.Except(prev.Features)).Select(f => $"+{f.Name}"));
        changes.AddRange(SortedFeatures(catalog, prev.Features.Except(cur.Features)).Select(f => $"-{f.Name}"));
        foreach (var (prop, before, after) in PropPairs(prev, cur).Where(p => p.Before != p.After)) changes.Add($"{prop}: {before} -> {after}");
        return changes;
    }

    private static IEnumerable<(string Prop, string Before, string After)> PropPairs(QemuModelVersion a, QemuModelVersion b)
    {
        yield return ("vendor", a.Vendor, b.Vendor);
        yield return ("family", Num(a.Family), Num(b.Family));
        yield return ("model", Num(a.ModelNumber), Num(b.ModelNumber));
        yield return ("stepping", Num(a.Stepping), Num(b.Stepping));
        yield return ("model-id", a.ModelId, b.ModelId);
        yield return ("level", Hex(a.Level), Hex(b.Level));
        yield return ("xlevel", Hex(a.XLevel), Hex(b.XLevel));
        yield return ("min-level", Hex(a.MinLevel), Hex(b.MinLevel));
        yield return ("min-xlevel", Hex(a.MinXLevel), Hex(b.MinXLevel));
    }

    /// <summary>What the machine type's compatibility rules change on this CPU name (features and the version's properties).</summary>
    private static List<string> MachineChanges(QemuCatalog catalog, QemuExpansion e, QemuMachineType mt)
    {
        var v = e.Resolution.Version;
        var changes = new List<string>();
        changes.AddRange(SortedFeatures(catalog, e.Features.Except(v.Features)).Select(f => $"+{f.Name}"));
        changes.AddRange(SortedFeatures(catalog, v.Features.Except(e.Features)).Select(f => $"-{f.Name}"));
        var own = PropPairs(v, v).ToDictionary(p => p.Prop, p => p.Before, StringComparer.Ordinal);
        foreach (var (prop, before) in own)
        {
            var after = prop is "level" or "xlevel" or "min-level" or "min-xlevel" ? Hex(e.Props[prop]) : e.Props[prop].Text;
            if (after != before) changes.Add($"{prop}: {before} -> {after}");
        }
        return changes;
    }

    private static string ShowJson(QemuCatalog catalog, QemuExpansion e, QemuMachineType mt) => JsonOut.Object(w =>
    {
        var r = e.Resolution;
        w.WriteString("name", r.Name);
        w.WriteString("resolved", r.Version.Name);
        w.WriteString("version", VersionName(r.Version.Number));
        w.WriteString("vendor", r.Model.Vendor);
        JsonOut.Features(w, "features", SortedFeatures(catalog, e.Features).Select(f => f.Name));
        w.WriteString("machine", mt.Name);
        if (r.AliasOf is null) w.WriteNull("aliasOf");
        else w.WriteString("aliasOf", r.AliasOf);
        w.WriteNumber("family", int.Parse(e.Props["family"].Text, CultureInfo.InvariantCulture));
        w.WriteNumber("model", int.Parse(e.Props["model"].Text, CultureInfo.InvariantCulture));
        w.WriteNumber("stepping", int.Parse(e.Props["stepping"].Text, CultureInfo.InvariantCulture));
        w.WriteString("modelId", e.Props["model-id"].Text);
        w.WriteStartArray("featureBits");
        foreach (var f in SortedFeatures(catalog, e.Features))
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            if (f.QemuName is null) w.WriteNull("qemu");
            else w.WriteString("qemu", f.QemuName);
            if (f.Bit is null) w.WriteNull("bit");
            else w.WriteString("bit", f.Bit.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (r.Version.Number == 1) w.WriteNull("previous");
        else w.WriteString("previous", $"{r.Model.Name}-v{r.Version.Number - 1}");
        w.WriteStartArray("changes");
        foreach (var c in VersionChanges(catalog, r)) w.WriteStringValue(c);
        w.WriteEndArray();
        w.WriteStartArray("machineChanges");
        foreach (var c in MachineChanges(catalog, e, mt)) w.WriteStringValue(c);
        w.WriteEndArray();
    });

    /// <summary>A version as the table, QEMU's versioned names and the JSON spell it: <c>v2</c>.</summary>
    private static string VersionName(int number) => "v" + Num(number);

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Hex(long n) => "0x" + n.ToString("x", CultureInfo.InvariantCulture);

    private static string Hex(QemuPropValue v) => Hex(long.Parse(v.Text, CultureInfo.InvariantCulture));
}

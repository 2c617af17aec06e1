using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.CatalogGen;

/// <summary>A property list as a QMP model expansion returns it, by property name.</summary>
internal sealed class Props : SortedDictionary<string, QemuPropValue>
{
    public Props() : base(StringComparer.Ordinal) { }

    public static Props From(JsonElement expansion)
    {
        var props = new Props();
        foreach (var p in expansion.GetProperty("model").GetProperty("props").EnumerateObject())
        {
            props[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.True => QemuPropValue.Of(true),
                JsonValueKind.False => QemuPropValue.Of(false),
                JsonValueKind.Number => new QemuPropValue(QemuPropKind.Int, p.Value.GetRawText()),
                JsonValueKind.String => QemuPropValue.Of(p.Value.GetString()!),
                _ => throw new GeneratorException($"property {p.Name}: unexpected JSON {p.Value.ValueKind}"),
            };
        }
        return props;
    }
}

/// <summary>A machine type as <c>query-machines</c> describes it.</summary>
internal sealed record MachineInfo(string Name, string? Alias, bool IsDefault, int CpuMax, string? DefaultCpuType, string? DefaultRamId, bool Deprecated);

internal sealed record Definition(string Name, string? AliasOf);

/// <summary>What one machine type reports: its CPU definitions and the static and full expansion of every name.</summary>
internal sealed record MachineProbe(
    string Machine,
    IReadOnlyList<Definition> Definitions,
    IReadOnlyDictionary<string, Props> Static,
    IReadOnlyDictionary<string, Props> Full);

/// <summary>Everything the catalog is generated from.</summary>
/// <param name="QemuVersion">QEMU's version (7.2.22).</param>
/// <param name="Machines">The machine types QEMU started with.</param>
/// <param name="ByMachine">What each machine type reports.</param>
/// <param name="Nested">What nested virtualisation adds to each model.</param>
/// <param name="QemuAliases">QEMU's feature aliases and the canonical name of each.</param>
/// <param name="Refused">The machine types QEMU lists but would not start under TCG, with what it said.</param>
internal sealed record ProbeResult(
    string QemuVersion,
    IReadOnlyList<MachineInfo> Machines,
    IReadOnlyDictionary<string, MachineProbe> ByMachine,
    IReadOnlyDictionary<string, Props> Nested,
    IReadOnlyDictionary<string, string> QemuAliases,
    IReadOnlyDictionary<string, string> Refused);

/// <summary>Asks QEMU (one process per machine type, a few at a time) for its CPU definitions and expansions.</summary>
internal static class QemuProbe
{
    /// <summary>Names that are not CPU models of the catalog: host and max depend on the accelerator, base is empty.</summary>
    public static readonly string[] SpecialNames = ["base", "host", "max"];

    public const string ProbeMachine = "none";

    public static ProbeResult Run(IReadOnlyList<string> qemu, int jobs)
    {
        string version;
        List<MachineInfo> machines;
        Dictionary<string, Props> nested;
        Dictionary<string, string> aliases;
        MachineProbe none;
        using (var s = QmpSession.Start(qemu, ProbeMachine))
        {
            var v = s.Execute("query-version").GetProperty("qemu");
            version = $"{v.GetProperty("major").GetInt32()}.{v.GetProperty("minor").GetInt32()}.{v.GetProperty("micro").GetInt32()}";
            machines = s.Execute("query-machines").EnumerateArray()
                .Select(m => new MachineInfo(
                    m.GetProperty("name").GetString()!,
                    m.TryGetProperty("alias", out var a) ? a.GetString() : null,
                    m.TryGetProperty("is-default", out var d) && d.GetBoolean(),
                    m.GetProperty("cpu-max").GetInt32(),
                    m.TryGetProperty("default-cpu-type", out var t) ? t.GetString() : null,
                    m.TryGetProperty("default-ram-id", out var ram) ? ram.GetString() : null,
                    m.TryGetProperty("deprecated", out var dep) && dep.GetBoolean()))
                .Where(m => !m.Name.StartsWith("x-", StringComparison.Ordinal))
                .OrderBy(m => m.Name, StringComparer.Ordinal)
                .ToList();
            none = ProbeMachineTypes(s, ProbeMachine);
            nested = ProbeNested(s, none);
            aliases = ProbeQemuAliases(s, none);
        }
        var byMachine = new ConcurrentDictionary<string, MachineProbe>(StringComparer.Ordinal) { [ProbeMachine] = none };
        var refused = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        Parallel.ForEach(
            machines.Where(m => m.Name != ProbeMachine),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) },
            m =>
            {
                try
                {
                    using var s = QmpSession.Start(qemu, m.Name);
                    byMachine[m.Name] = ProbeMachineTypes(s, m.Name);
                }
                catch (MachineRefusedException ex)
                {
                    refused[m.Name] = ex.Reason;
                }
            });
        var started = machines.Where(m => !refused.ContainsKey(m.Name)).ToList();
        return new ProbeResult(version, started, byMachine, nested, aliases,
            refused.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    /// <summary>The MSR-based features TCG supports when a CPU asks for them, which QEMU's <c>max</c> CPU does not all
    /// show (it never turns IA32_ARCH_CAPABILITIES' bits on by itself). QEMU starts once more, on a machine type with
    /// a CPU, with <c>max</c> and every such feature on, each with the feature that enumerates its MSR (QEMU's
    /// expansion would clear it otherwise); once the CPU is realized, what TCG cannot give reads back off.</summary>
    /// <param name="qemu">The command that runs QEMU.</param>
    /// <param name="machine">A machine type that creates a CPU (not <c>none</c>).</param>
    /// <param name="features">The MSR-based features (QEMU names), each with its enumerating feature.</param>
    public static ImmutableArray<string> ProbeOffers(IReadOnlyList<string> qemu, string machine, IReadOnlyList<(string Feature, string? Enumerator)> features)
    {
        if (features.Count == 0) return [];
        var on = features.SelectMany(f => f.Enumerator is null ? new[] { f.Feature } : [f.Enumerator, f.Feature]).Distinct(StringComparer.Ordinal);
        using var s = QmpSession.Start(qemu, machine, "max," + string.Join(',', on.Select(n => n + "=on")));
        var path = s.Execute("query-cpus-fast").EnumerateArray().First().GetProperty("qom-path").GetString()!;
        var replies = s.ExecuteAll(features
            .Select(f => ("qom-get", (JsonObject?)new JsonObject { ["path"] = path, ["property"] = f.Feature }))
            .ToList());
        return [.. features.Where((f, i) => (replies[i] ?? throw new GeneratorException($"qom-get {f.Feature} failed")).GetBoolean())
            .Select(f => f.Feature)];
    }

    private static MachineProbe ProbeMachineTypes(QmpSession s, string machine)
    {
        var defs = s.Execute("query-cpu-definitions").EnumerateArray()
            .Select(d => new Definition(d.GetProperty("name").GetString()!, d.TryGetProperty("alias-of", out var a) ? a.GetString() : null))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
        var names = defs.Select(d => d.Name).Where(n => !SpecialNames.Contains(n)).ToList();
        return new MachineProbe(machine, defs, Expand(s, names, "static"), Expand(s, names, "full"));
    }

    private static Dictionary<string, Props> Expand(QmpSession s, IReadOnlyList<string> names, string type, Func<string, JsonObject?>? props = null)
    {
        var commands = names.Select(n =>
        {
            var model = new JsonObject { ["name"] = n };
            if (props?.Invoke(n) is { } p) model["props"] = p;
            return ("query-cpu-model-expansion", (JsonObject?)new JsonObject { ["type"] = type, ["model"] = model });
        }).ToList();
        var replies = s.ExecuteAll(commands);
        var result = new Dictionary<string, Props>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            result[names[i]] = Props.From(replies[i] ?? throw new GeneratorException($"{type} expansion of {names[i]} failed"));
        }
        return result;
    }

    /// <summary>The vendors whose CPUs virtualise with SVM; every other vendor's (Intel, Zhaoxin) with VMX.</summary>
    private static readonly string[] SvmVendors = ["AuthenticAMD", "HygonGenuine"];

    /// <summary>The properties that turning on nested virtualisation adds: svm=on for AMD-like vendors, vmx=on for the
    /// others (whose vmx-* sub-features QEMU shows only then).</summary>
    private static Dictionary<string, Props> ProbeNested(QmpSession s, MachineProbe none)
    {
        var names = none.Static.Keys.ToList();
        var flag = names.ToDictionary(n => n, n => SvmVendors.Contains(none.Static[n]["vendor"].Text) ? "svm" : "vmx");
        var on = Expand(s, names, "static", n => new JsonObject { [flag[n]] = true });
        var result = new Dictionary<string, Props>(StringComparer.Ordinal);
        foreach (var n in names)
        {
            var changed = new Props();
            foreach (var (k, v) in on[n])
            {
                if (!none.Static[n].TryGetValue(k, out var before) || before != v) changed[k] = v;
            }
            result[n] = changed;
        }
        return result;
    }

    /// <summary>QEMU's feature aliases: the boolean properties a full expansion lists beyond the static ones. Setting
    /// one on the empty <c>base</c> model and expanding statically shows which canonical feature it stands for (the
    /// one feature that changes; levels may follow the features and are not counted).</summary>
    private static Dictionary<string, string> ProbeQemuAliases(QmpSession s, MachineProbe none)
    {
        var canonical = none.Static.Values.SelectMany(p => p.Keys).ToHashSet(StringComparer.Ordinal);
        var baseStatic = Expand(s, ["base"], "static")["base"];
        var baseFull = Expand(s, ["base"], "full")["base"];
        var candidates = baseFull
            .Where(p => p.Value.Kind == QemuPropKind.Bool && !canonical.Contains(p.Key))
            .Select(p => (Name: p.Key, Value: !p.Value.IsOn))
            .ToList();
        var commands = candidates
            .Select(c => ("query-cpu-model-expansion", (JsonObject?)new JsonObject
            {
                ["type"] = "static",
                ["model"] = new JsonObject { ["name"] = "base", ["props"] = new JsonObject { [c.Name] = c.Value } },
            }))
            .ToList();
        var replies = s.ExecuteAll(commands);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (replies[i] is not { } reply) continue; // not settable: not a feature alias
            // base's static expansion lists only what is set: a missing feature is off.
            var changed = Props.From(reply)
                .Where(p => p.Value.Kind == QemuPropKind.Bool && (baseStatic.TryGetValue(p.Key, out var b) ? b : QemuPropValue.Of(false)) != p.Value)
                .Select(p => p.Key)
                .ToList();
            if (changed.Count == 1) aliases[candidates[i].Name] = changed[0];
            else if (changed.Count > 1) throw new GeneratorException($"property {candidates[i].Name} changes {string.Join(", ", changed)}");
            // Features the accelerator filters out (kvm-* under TCG) cannot be seen to change; QEMU's own list still
            // shows their underscore spellings beside the canonical dashed names.
            else if (candidates[i].Name.Replace('_', '-') is var dashed && dashed != candidates[i].Name && canonical.Contains(dashed))
            {
                aliases[candidates[i].Name] = dashed;
            }
        }
        return aliases;
    }
}

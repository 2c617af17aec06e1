using System.Text.Json;
using DomainCpu.Catalog;
using NUnit.Framework;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Conformance.Support;

namespace DomainCpu.Conformance;

/// <summary>The embedded catalog against QEMU 7.2's own replies: every model's static expansion, every machine
/// type's aliases, the per-machine differences and the nested-virtualisation features.</summary>
[TestFixture]
public sealed class QemuCatalogConformanceTests
{
    private const string Title = "QEMU 7.2 catalog vs QEMU 7.2's replies";
    private const string StaticExpansion = "static expansion, machine none";
    private const string Aliases = "alias-of, every machine type";
    private const string MachineDiffs = "per-machine differences";
    private const string Nested = "nested (vmx=on / svm=on)";

    private static QemuCatalog Catalog => EmbeddedCatalog.Qemu;

    [Test]
    public void Every_model_expands_like_QEMU_on_machine_none()
    {
        var tally = new PassRateTable(Title, new KindFloor(StaticExpansion, 100));
        var none = Catalog.FindMachine("none")!;
        foreach (var entry in QemuCatalogData.Load("expansion-static.json").GetProperty("by_model").EnumerateObject())
        {
            if (QemuCatalogData.SpecialNames.Contains(entry.Name)) continue;
            var expected = QemuCatalogData.Props(entry.Value);
            var actual = Expand(entry.Name, none, expected.Keys);
            tally.Count(StaticExpansion, entry.Name, actual is not null && Same(expected, actual, out _), Describe(expected, actual));
        }
        // level and xlevel come from the full expansion.
        foreach (var entry in QemuCatalogData.Load("expansion-full.json").GetProperty("by_model").EnumerateObject())
        {
            if (QemuCatalogData.SpecialNames.Contains(entry.Name)) continue;
            var full = QemuCatalogData.Props(entry.Value);
            var expected = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["level"] = full["level"], ["xlevel"] = full["xlevel"] };
            var actual = Expand(entry.Name, none, expected.Keys);
            tally.Count(StaticExpansion, $"{entry.Name} level/xlevel", actual is not null && Same(expected, actual, out _), Describe(expected, actual));
        }
        tally.PrintAndAssert();
    }

    [Test]
    public void Aliases_resolve_like_QEMU_on_every_machine_type()
    {
        var tally = new PassRateTable(Title, new KindFloor(Aliases, 100));
        foreach (var machine in QemuCatalogData.Load("cpu-definitions-by-machine.json").GetProperty("by_machine").EnumerateObject())
        {
            var mt = Catalog.FindMachine(machine.Name);
            foreach (var def in machine.Value.EnumerateArray())
            {
                var name = def.GetProperty("name").GetString()!;
                if (QemuCatalogData.SpecialNames.Contains(name)) continue;
                var expected = def.TryGetProperty("alias-of", out var a) ? a.GetString() : null;
                var actual = mt is null ? "(no such machine type)" : Catalog.Resolve(name, mt) is { } r ? r.AliasOf : "(unknown name)";
                tally.Count(Aliases, $"{machine.Name} {name}", expected == actual, $"QEMU {expected ?? "-"}, catalog {actual ?? "-"}");
            }
        }
        tally.PrintAndAssert();
    }

    [Test]
    public void Old_machine_types_change_models_like_QEMU()
    {
        var tally = new PassRateTable(Title, new KindFloor(MachineDiffs, 100));
        var diff = QemuCatalogData.Load("expansion-by-machine-diff.json");
        foreach (var kind in new[] { "static", "full" })
        {
            var baseline = QemuCatalogData.Load($"expansion-{kind}.json").GetProperty("by_model");
            foreach (var machine in diff.GetProperty(kind).EnumerateObject())
            {
                var mt = Catalog.FindMachine(machine.Name);
                foreach (var model in baseline.EnumerateObject())
                {
                    if (QemuCatalogData.SpecialNames.Contains(model.Name)) continue;
                    var changes = machine.Value.TryGetProperty(model.Name, out var c) ? c : default;
                    // The props checked: for static, every prop; for full, those the catalog models (level,
                    // xlevel) and every prop the machine type changes.
                    var none = QemuCatalogData.Props(model.Value);
                    var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    foreach (var (k, v) in none)
                    {
                        if (kind == "static" || k is "level" or "xlevel") expected[k] = v;
                    }
                    if (changes.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var p in changes.EnumerateObject()) expected[p.Name] = QemuCatalogData.Text(p.Value[1]);
                    }
                    var actual = mt is null ? null : Expand(model.Name, mt, expected.Keys);
                    tally.Count(MachineDiffs, $"{kind} {machine.Name} {model.Name}", actual is not null && Same(expected, actual, out _), Describe(expected, actual));
                    if (mt is not null) CheckNoSpuriousOverride(tally, kind, mt, model.Name, changes, none);
                }
            }
        }
        tally.PrintAndAssert();
    }

    /// <summary>Every value the catalog gives on a machine type that differs from QEMU's value on machine none must be
    /// a change QEMU makes too.</summary>
    private static void CheckNoSpuriousOverride(PassRateTable tally, string kind, QemuMachineType mt, string name, JsonElement changes, SortedDictionary<string, string> none)
    {
        var here = Catalog.Expand(name, mt)!;
        var values = Catalog.Features.Where(f => f.QemuName is not null).Select(f => (Prop: f.QemuName!, Value: here.Features.Contains(f.Index) ? "on" : "off"))
            .Concat(here.Props.Select(p => (Prop: p.Key, Value: p.Value.Text)));
        foreach (var (prop, value) in values)
        {
            if (!none.TryGetValue(prop, out var before) || before == value) continue;
            var known = changes.ValueKind == JsonValueKind.Object && changes.TryGetProperty(prop, out _);
            tally.Count(MachineDiffs, $"{kind} {mt.Name} {name} {prop}", known, $"catalog changes {prop} to {value}, QEMU does not");
        }
    }

    [Test]
    public void Nested_virtualisation_features_match_QEMU()
    {
        var tally = new PassRateTable(Title, new KindFloor(Nested, 100));
        var none = Catalog.FindMachine("none")!;
        foreach (var entry in QemuCatalogData.Load("expansion-static-nested.json").GetProperty("by_model").EnumerateObject())
        {
            if (QemuCatalogData.SpecialNames.Contains(entry.Name)) continue;
            var expected = entry.Value.GetProperty("changed_props").EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.True).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
            var r = Catalog.Resolve(entry.Name, none);
            var actual = r is null ? [] : Catalog.FeaturesOf(r.Version.Nested).Select(f => f.QemuName!).Order(StringComparer.Ordinal).ToList();
            tally.Count(Nested, entry.Name, expected.SequenceEqual(actual), $"QEMU [{string.Join(' ', expected)}] catalog [{string.Join(' ', actual)}]");
        }
        tally.PrintAndAssert();
    }

    /// <summary>The catalog's expansion as QEMU-named props (features as on/off), limited to <paramref name="keys"/>.</summary>
    private static SortedDictionary<string, string>? Expand(string name, QemuMachineType machine, IEnumerable<string> keys)
    {
        if (Catalog.Expand(name, machine) is not { } e) return null;
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var k in keys)
        {
            if (e.Props.TryGetValue(k, out var v)) result[k] = v.Text;
            else if (Catalog.FeatureNames.FindQemu(k) is { } f) result[k] = e.Features.Contains(f.Index) ? "on" : "off";
        }
        return result;
    }

    private static bool Same(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual, out string first)
    {
        first = expected.Where(kv => !actual.TryGetValue(kv.Key, out var v) || v != kv.Value).Select(kv => kv.Key).FirstOrDefault() ?? "";
        return first.Length == 0;
    }

    private static string Describe(SortedDictionary<string, string> expected, SortedDictionary<string, string>? actual) =>
        actual is null
            ? "not in the catalog"
            : string.Join(", ", expected.Where(kv => !actual.TryGetValue(kv.Key, out var v) || v != kv.Value)
                .Take(5).Select(kv => $"{kv.Key}: QEMU {kv.Value}, catalog {actual.GetValueOrDefault(kv.Key) ?? "-"}"));
}

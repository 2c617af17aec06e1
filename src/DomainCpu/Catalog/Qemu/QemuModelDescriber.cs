using System.Collections.Immutable;
using System.Globalization;

namespace DomainCpu.Catalog.Qemu;

/// <summary>What <c>domaincpu models</c> shows of a QEMU catalog: its CPU names under a machine type with their
/// usability on a host, and one name expanded with what changed from the previous version.</summary>
internal static class QemuModelDescriber
{
    /// <summary>The machine type a name (or alias) means; null for QEMU's default one.</summary>
    /// <exception cref="ArgumentException">The catalog has no such machine type.</exception>
    public static QemuMachineType Machine(QemuCatalog catalog, string? name) =>
        name is null ? catalog.DefaultMachine
            : catalog.FindMachine(name) ?? throw new ArgumentException($"unknown machine type '{name}' in QEMU {catalog.QemuVersion}");

    public static QemuModelList List(QemuCatalog catalog, QemuMachineType machine, QemuHostOffer? host)
    {
        var kvm = catalog.Accelerator("kvm");
        var rows = catalog.CpuNames.Select(n =>
        {
            var r = catalog.Resolve(n, machine)!;
            var unavailable = host is null ? (ImmutableArray<string>?)null : QemuModelCheck.Unavailable(catalog, catalog.Expand(n, machine, kvm)!, host);
            return new QemuModelInfo(r.Name, r.Version.Number, r.AliasOf, r.Model.Vendor, unavailable);
        });
        return new QemuModelList(machine.Name, [.. rows]);
    }

    public static QemuModelDetails? Describe(QemuCatalog catalog, string name, QemuMachineType machine)
    {
        if (catalog.Expand(name, machine) is not { } e) return null;
        var r = e.Resolution;
        return new QemuModelDetails(r.Name, r.Version.Name, machine.Name, r.AliasOf, r.Kind == QemuNameKind.Versioned, r.Model.Vendor,
            e.Props["vendor"].Text, Int(e.Props["family"]), Int(e.Props["model"]), Int(e.Props["stepping"]), e.Props["model-id"].Text,
            Long(e.Props["level"]), Long(e.Props["xlevel"]), Long(e.Props["min-level"]), Long(e.Props["min-xlevel"]),
            [.. SortedFeatures(catalog, e.Features).Select(f => new QemuModelFeature(f.Name, f.QemuName, f.Bit?.ToString()))],
            r.Version.Number == 1 ? null : $"{r.Model.Name}-v{r.Version.Number - 1}",
            [.. VersionChanges(catalog, r)], [.. MachineChanges(catalog, e)]);
    }

    private static IEnumerable<QemuFeature> SortedFeatures(QemuCatalog catalog, FeatureSet set) =>
        catalog.FeaturesOf(set).OrderBy(f => f.Name, StringComparer.Ordinal);

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
    private static List<string> MachineChanges(QemuCatalog catalog, QemuExpansion e)
    {
        var v = e.Resolution.Version;
        var changes = new List<string>();
        changes.AddRange(SortedFeatures(catalog, e.Features.Except(v.Features)).Select(f => $"+{f.Name}"));
        changes.AddRange(SortedFeatures(catalog, v.Features.Except(e.Features)).Select(f => $"-{f.Name}"));
        var own = PropPairs(v, v).ToDictionary(p => p.Prop, p => p.Before, StringComparer.Ordinal);
        foreach (var (prop, before) in own)
        {
            var after = prop is "level" or "xlevel" or "min-level" or "min-xlevel" ? Hex(Long(e.Props[prop])) : e.Props[prop].Text;
            if (after != before) changes.Add($"{prop}: {before} -> {after}");
        }
        return changes;
    }

    private static int Int(QemuPropValue v) => int.Parse(v.Text, CultureInfo.InvariantCulture);

    private static long Long(QemuPropValue v) => long.Parse(v.Text, CultureInfo.InvariantCulture);

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Hex(long n) => "0x" + n.ToString("x", CultureInfo.InvariantCulture);
}

using System.Collections.Immutable;
using System.Text.RegularExpressions;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.CatalogGen;

/// <summary>Turns what QEMU reported, libvirt's bit table and the accelerator defaults into a catalog, and checks
/// that the catalog reproduces every expansion QEMU gave.</summary>
internal static partial class CatalogBuilder
{
    [GeneratedRegex(@"^(?<base>.+)-v(?<n>[0-9]+)$")]
    private static partial Regex VersionedName();

    /// <param name="probeOffers">Asks QEMU which of the given MSR-based features (each with its enumerating feature)
    /// the probed accelerator supports (<see cref="QemuProbe.ProbeOffers"/>).</param>
    public static QemuCatalog Build(ProbeResult probe, IReadOnlyList<MapFeature> map, IReadOnlyList<QemuVendor> vendors, IReadOnlyList<QemuAccelerator> accelerators, string libvirt,
        Func<IReadOnlyList<(string Feature, string? Enumerator)>, ImmutableArray<string>> probeOffers)
    {
        var none = probe.ByMachine[QemuProbe.ProbeMachine];
        var features = BuildFeatures(probe, none, map);
        var msr = features
            .Where(f => f.Bit is { IsMsr: true } && f.QemuName is not null)
            .Select(f => (f.QemuName!, QemuFeatureDependencies.EnumeratorOf(f.Bit!.Value)))
            .ToList();
        var offers = probeOffers(msr);
        accelerators = [.. accelerators.Select(a => a.Probed ? a with { Offers = offers } : a)];
        var resolver = new FeatureNameResolver(features);
        var models = BuildModels(none, probe.Nested, resolver, vendors, probe.QemuAliases);
        var machines = probe.Machines.Select(m => BuildMachine(m, probe.ByMachine[m.Name], none, models, probe.QemuAliases)).ToImmutableArray();
        var catalog = new QemuCatalog(probe.QemuVersion, "tcg", [.. vendors], features, models, machines, [.. accelerators]) { LibvirtRelease = libvirt };
        CheckAccelerators(catalog, none);
        CheckReproduces(catalog, probe);
        return catalog;
    }

    private static ImmutableArray<QemuFeature> BuildFeatures(ProbeResult probe, MachineProbe none, IReadOnlyList<MapFeature> map)
    {
        var canonical = none.Static.Values.SelectMany(p => p).Where(p => p.Value.Kind == QemuPropKind.Bool).Select(p => p.Key)
            .ToHashSet(StringComparer.Ordinal);
        string? ToCanonical(string n) => canonical.Contains(n) ? n : probe.QemuAliases.GetValueOrDefault(n);
        var aliasesOf = probe.QemuAliases.GroupBy(a => a.Value, a => a.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var list = new List<QemuFeature>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in map)
        {
            var qemu = new[] { f.Name }.Concat(f.QemuAliases).Select(ToCanonical).FirstOrDefault(n => n is not null);
            if (qemu is not null && !used.Add(qemu)) throw new GeneratorException($"QEMU feature {qemu} matches two libvirt features");
            list.Add(new QemuFeature(list.Count, f.Name, qemu, Aliases(qemu, f.QemuAliases, aliasesOf), [.. f.LinuxAliases], f.Bit, true, f.Migratable));
        }
        foreach (var qemu in canonical.Where(n => !used.Contains(n)).Order(StringComparer.Ordinal))
        {
            list.Add(new QemuFeature(list.Count, qemu, qemu, Aliases(qemu, [], aliasesOf), [], null, false, true));
        }
        return [.. list];
    }

    private static ImmutableArray<string> Aliases(string? qemu, IEnumerable<string> fromMap, Dictionary<string, List<string>> aliasesOf) =>
        qemu is null ? [] : [.. fromMap.Concat(aliasesOf.GetValueOrDefault(qemu) ?? []).Where(a => a != qemu).Distinct().Order(StringComparer.Ordinal)];

    private static ImmutableArray<QemuModel> BuildModels(MachineProbe none, IReadOnlyDictionary<string, Props> nested, FeatureNameResolver resolver, IReadOnlyList<QemuVendor> vendors, IReadOnlyDictionary<string, string> qemuAliases)
    {
        var names = none.Static.Keys.ToHashSet(StringComparer.Ordinal);
        var versioned = names.Select(n => VersionedName().Match(n)).Where(m => m.Success && names.Contains(m.Groups["base"].Value))
            .GroupBy(m => m.Groups["base"].Value, m => int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Order().ToList(), StringComparer.Ordinal);
        var aliasOf = none.Definitions.Where(d => d.AliasOf is not null).ToDictionary(d => d.Name, d => d.AliasOf!, StringComparer.Ordinal);
        var models = new List<QemuModel>();
        foreach (var (name, numbers) in versioned.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!numbers.SequenceEqual(Enumerable.Range(1, numbers.Count))) throw new GeneratorException($"{name}: versions {string.Join(",", numbers)} are not 1..N");
            var versions = numbers.Select(n => BuildVersion(name, n, none, nested, resolver, qemuAliases)).ToImmutableArray();
            if (versions.Select(v => v.Vendor).Distinct().Count() != 1) throw new GeneratorException($"{name}: versions differ in vendor");
            var aliases = aliasOf
                .Where(a => a.Key != name && !versioned.ContainsKey(a.Key) && VersionedName().Match(a.Value) is { Success: true } m && m.Groups["base"].Value == name)
                .ToImmutableSortedDictionary(a => a.Key, a => int.Parse(VersionedName().Match(a.Value).Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
            var vendor = vendors.FirstOrDefault(v => v.CpuidString == versions[0].Vendor)?.Name ?? versions[0].Vendor;
            models.Add(new QemuModel(name, vendor, versions, aliases));
        }
        var covered = models.SelectMany(m => m.Versions.Select(v => v.Name).Append(m.Name).Concat(m.Aliases.Keys)).ToHashSet(StringComparer.Ordinal);
        var stray = names.Where(n => !covered.Contains(n)).ToList();
        if (stray.Count > 0) throw new GeneratorException($"CPU names outside any versioned model: {string.Join(", ", stray)}");
        return [.. models];
    }

    private static QemuModelVersion BuildVersion(string model, int number, MachineProbe none, IReadOnlyDictionary<string, Props> nested,
        FeatureNameResolver resolver, IReadOnlyDictionary<string, string> qemuAliases)
    {
        var name = $"{model}-v{number}";
        var s = none.Static[name];
        var full = none.Full[name];
        var first = none.Full[$"{model}-v1"];
        // Besides features and signature, a version may set other properties (legacy-cache, avx10-version, …): those
        // of the full expansion that differ from version 1's.
        var own = full
            .Where(p => !s.ContainsKey(p.Key) && !qemuAliases.ContainsKey(p.Key) && p.Key is not ("level" or "xlevel") &&
                        (!first.TryGetValue(p.Key, out var v1) || v1 != p.Value))
            .ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new QemuModelVersion(
            model, number, s["vendor"].Text,
            Int(s, "family"), Int(s, "model"), Int(s, "stepping"), s["model-id"].Text,
            Long(full, "level"), Long(full, "xlevel"), Long(s, "min-level"), Long(s, "min-xlevel"),
            FeaturesOf(s, resolver), FeaturesOf(nested[name], resolver)) { Props = own };
    }

    private static FeatureSet FeaturesOf(Props props, FeatureNameResolver resolver) =>
        FeatureSet.Of(props.Where(p => p.Value.IsOn).Select(p => resolver.FindQemu(p.Key)?.Index ?? throw new GeneratorException($"unknown feature {p.Key}")));

    private static int Int(Props p, string key) => (int)Long(p, key);

    private static long Long(Props p, string key) => long.Parse(p[key].Text, System.Globalization.CultureInfo.InvariantCulture);

    private static QemuMachineType BuildMachine(MachineInfo info, MachineProbe probe, MachineProbe none, ImmutableArray<QemuModel> models, IReadOnlyDictionary<string, string> qemuAliases)
    {
        var policy = VersionPolicy(info.Name, probe, models);
        var shell = new QemuMachineType(info.Name, info.Alias, info.IsDefault, policy, [])
        {
            MaxCpus = info.CpuMax,
            DefaultCpuType = info.DefaultCpuType,
            DefaultRamId = info.DefaultRamId,
            Deprecated = info.Deprecated,
        };
        var catalog = new QemuCatalog("", "tcg", [], [], models, [shell], []);
        var names = probe.Static.Keys.ToList();
        // The value of each property that differs from the resolved version, by property and CPU name.
        var diffs = new SortedDictionary<string, Dictionary<string, QemuPropValue>>(StringComparer.Ordinal);
        foreach (var n in names)
        {
            var version = catalog.Resolve(n, shell)?.Version.Name ?? throw new GeneratorException($"{info.Name}: cannot resolve {n}");
            Diff(n, probe.Static[n], none.Static[version], diffs, p => !qemuAliases.ContainsKey(p));
            Diff(n, probe.Full[n], none.Full[version], diffs, p => !probe.Static[n].ContainsKey(p) && !qemuAliases.ContainsKey(p));
        }
        var overrides = new List<QemuPropOverride>();
        foreach (var (prop, byName) in diffs)
        {
            var onMachine = names.Select(n => probe.Static[n].TryGetValue(prop, out var v) ? v : probe.Full[n].GetValueOrDefault(prop)).Distinct().ToList();
            if (onMachine.Count == 1)
            {
                overrides.Add(new QemuPropOverride(prop, onMachine[0], []));
                continue;
            }
            foreach (var g in byName.GroupBy(kv => kv.Value).OrderBy(g => g.Key.Text, StringComparer.Ordinal))
            {
                overrides.Add(new QemuPropOverride(prop, g.Key, [.. g.Select(kv => kv.Key).Order(StringComparer.Ordinal)]));
            }
        }
        return shell with { Overrides = [.. overrides] };
    }

    private static void Diff(string name, Props actual, Props expected, SortedDictionary<string, Dictionary<string, QemuPropValue>> diffs, Func<string, bool> include)
    {
        foreach (var (k, v) in actual)
        {
            if (!include(k) || (expected.TryGetValue(k, out var e) && e == v)) continue;
            if (!diffs.TryGetValue(k, out var byName)) diffs[k] = byName = new Dictionary<string, QemuPropValue>(StringComparer.Ordinal);
            byName[name] = v;
        }
    }

    /// <summary>The one resolution rule that reproduces every <c>alias-of</c> QEMU reported for the machine type.</summary>
    private static QemuCpuVersionPolicy VersionPolicy(string machine, MachineProbe probe, ImmutableArray<QemuModel> models)
    {
        var reported = probe.Definitions.Where(d => !QemuProbe.SpecialNames.Contains(d.Name)).ToDictionary(d => d.Name, d => d.AliasOf, StringComparer.Ordinal);
        foreach (var policy in new[] { QemuCpuVersionPolicy.First, QemuCpuVersionPolicy.Latest, QemuCpuVersionPolicy.Legacy })
        {
            var catalog = new QemuCatalog("", "tcg", [], [], models, [new QemuMachineType(machine, null, false, policy, [])], []);
            if (reported.All(r => catalog.Resolve(r.Key, catalog.Machines[0]) is { } res && res.AliasOf == r.Value)) return policy;
        }
        throw new GeneratorException($"{machine}: no single version rule reproduces QEMU's aliases");
    }

    private static void CheckAccelerators(QemuCatalog catalog, MachineProbe none)
    {
        foreach (var d in catalog.Accelerators.Where(a => a.Probed).SelectMany(a => a.Defaults))
        {
            var wrong = none.Static.Where(s => s.Value.TryGetValue(d.Prop, out var v) && v != d.Value).Select(s => s.Key).ToList();
            if (wrong.Count > 0) throw new GeneratorException($"accelerator default {d.Prop}={d.Value} is not what QEMU shows for {string.Join(", ", wrong)}");
        }
    }

    /// <summary>Every static expansion QEMU gave, on every machine type, must come back from the catalog.</summary>
    private static void CheckReproduces(QemuCatalog catalog, ProbeResult probe)
    {
        foreach (var mt in catalog.Machines)
        {
            var p = probe.ByMachine[mt.Name];
            foreach (var (name, props) in p.Static)
            {
                var e = catalog.Expand(name, mt) ?? throw new GeneratorException($"{mt.Name}: {name} does not resolve");
                foreach (var (k, v) in props)
                {
                    var ours = catalog.FeatureNames.FindQemu(k) is { } f && v.Kind == QemuPropKind.Bool
                        ? QemuPropValue.Of(e.Features.Contains(f.Index))
                        : e.Props.GetValueOrDefault(k);
                    if (ours != v) throw new GeneratorException($"{mt.Name}: {name}: {k} is {v} in QEMU but {ours} in the catalog");
                }
                foreach (var k in new[] { "level", "xlevel" })
                {
                    if (p.Full[name][k] != e.Props[k]) throw new GeneratorException($"{mt.Name}: {name}: {k} is {p.Full[name][k]} in QEMU but {e.Props[k]} in the catalog");
                }
            }
        }
    }
}

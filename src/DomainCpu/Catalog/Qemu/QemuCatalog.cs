using System.Collections.Immutable;

namespace DomainCpu.Catalog.Qemu;

/// <summary>The CPU models of one QEMU release, generated from QEMU itself: features with their spellings and
/// CPUID bits, vendors, models with their immutable versions and named aliases, machine types (what an
/// unversioned name means, and the property values old machine types set), and accelerator defaults.</summary>
public sealed class QemuCatalog
{
    private readonly Dictionary<string, (QemuModel Model, QemuNameKind Kind, int Version)> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QemuMachineType> _machines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QemuModel> _models = new(StringComparer.Ordinal);
    private readonly Lazy<FeatureNameResolver> _resolver;
    private readonly Lazy<IReadOnlyList<(int From, FeatureSet Word)>> _dependencies;

    /// <summary>Builds a catalog and its name indexes.</summary>
    /// <param name="qemuVersion">The QEMU version the data came from (7.2.22).</param>
    /// <param name="probeAccelerator">The accelerator QEMU ran under while generating (tcg).</param>
    /// <param name="vendors">The vendors.</param>
    /// <param name="features">The features; each one's index is its position.</param>
    /// <param name="models">The models.</param>
    /// <param name="machines">The machine types.</param>
    /// <param name="accelerators">The accelerator defaults.</param>
    internal QemuCatalog(
        string qemuVersion,
        string probeAccelerator,
        ImmutableArray<QemuVendor> vendors,
        ImmutableArray<QemuFeature> features,
        ImmutableArray<QemuModel> models,
        ImmutableArray<QemuMachineType> machines,
        ImmutableArray<QemuAccelerator> accelerators)
    {
        QemuVersion = qemuVersion;
        PackedVersion = Pack(qemuVersion);
        ProbeAccelerator = probeAccelerator;
        Vendors = vendors;
        Features = features;
        Models = models;
        Machines = machines;
        Accelerators = accelerators;
        foreach (var m in models)
        {
            _models[m.Name] = m;
            _names[m.Name] = (m, QemuNameKind.Unversioned, 0);
            foreach (var v in m.Versions) _names[v.Name] = (m, QemuNameKind.Versioned, v.Number);
            foreach (var (alias, version) in m.Aliases) _names[alias] = (m, QemuNameKind.NamedAlias, version);
        }
        foreach (var mt in machines)
        {
            _machines[mt.Name] = mt;
            if (mt.Alias is not null) _machines[mt.Alias] = mt;
        }
        _resolver = new Lazy<FeatureNameResolver>(() => new FeatureNameResolver(features));
        _dependencies = new Lazy<IReadOnlyList<(int From, FeatureSet Word)>>(() => QemuFeatureDependencies.Build(this));
    }

    /// <summary>The QEMU version the data came from.</summary>
    public string QemuVersion { get; }

    /// <summary><see cref="QemuVersion"/> as libvirt packs it (7.2.22 → 7002022).</summary>
    internal ulong PackedVersion { get; }

    private static ulong Pack(string version)
    {
        var parts = version.Split('.').Select(p => ulong.TryParse(p, out var n) ? n : 0).Concat([0UL, 0UL, 0UL]).ToArray();
        return parts[0] * 1_000_000 + parts[1] * 1_000 + parts[2];
    }

    /// <summary>The libvirt release whose feature table gave the features' libvirt names and CPUID bits and the
    /// vendors' names (the libvirt shipped beside this QEMU, e.g. 9.0 for QEMU 7.2); null when not recorded.</summary>
    public string? LibvirtRelease { get; init; }

    /// <summary>QEMU's command-line options; <see cref="QemuOptionTable.Unknown"/> when the catalog does not record them.</summary>
    internal QemuOptionTable Options { get; init; } = QemuOptionTable.Unknown;

    /// <summary>The same catalog with the given command-line options.</summary>
    internal QemuCatalog WithOptions(QemuOptionTable options) =>
        new(QemuVersion, ProbeAccelerator, Vendors, Features, Models, Machines, Accelerators) { LibvirtRelease = LibvirtRelease, Options = options };

    /// <summary>The accelerator QEMU ran under while the catalog was generated.</summary>
    internal string ProbeAccelerator { get; }

    /// <summary>The vendors.</summary>
    internal ImmutableArray<QemuVendor> Vendors { get; }

    /// <summary>The features, in catalog order (libvirt's map order first, then QEMU-only features by name).</summary>
    internal ImmutableArray<QemuFeature> Features { get; }

    /// <summary>The models, by name (ordinal).</summary>
    internal ImmutableArray<QemuModel> Models { get; }

    /// <summary>The machine types.</summary>
    internal ImmutableArray<QemuMachineType> Machines { get; }

    /// <summary>The accelerator defaults.</summary>
    internal ImmutableArray<QemuAccelerator> Accelerators { get; }

    /// <summary>The accelerator of that name (<c>kvm</c>, <c>tcg</c>); null when the catalog has none.</summary>
    internal QemuAccelerator? Accelerator(string name) => Accelerators.FirstOrDefault(a => a.Name == name);

    /// <summary>The features an accelerator supports though QEMU's <c>max</c> CPU does not show them
    /// (<see cref="QemuAccelerator.Offers"/>), those this catalog knows.</summary>
    internal IEnumerable<QemuFeature> OfferedUnder(QemuAccelerator? accelerator) =>
        (accelerator?.Offers ?? []).Select(FeatureNames.FindQemu).OfType<QemuFeature>();

    /// <summary>Finds features by any libvirt, QEMU or Linux spelling.</summary>
    internal FeatureNameResolver FeatureNames => _resolver.Value;

    /// <summary>Every name <c>-cpu</c> accepts for a catalog model (unversioned, versioned, named aliases), ordinal.</summary>
    internal IEnumerable<string> CpuNames => _names.Keys.Order(StringComparer.Ordinal);

    /// <summary>The model with this unversioned name, or null.</summary>
    internal QemuModel? FindModel(string name) => _models.GetValueOrDefault(name);

    /// <summary>The machine type with this name or alias, or null.</summary>
    internal QemuMachineType? FindMachine(string nameOrAlias) => _machines.GetValueOrDefault(nameOrAlias);

    /// <summary>The machine type QEMU uses without <c>-machine</c>.</summary>
    internal QemuMachineType DefaultMachine => Machines.First(m => m.IsDefault);

    /// <summary>The model a vendor string or name belongs to: libvirt's vendor name, or null when unknown.</summary>
    internal QemuVendor? FindVendor(string nameOrCpuidString) =>
        Vendors.FirstOrDefault(v => v.Name == nameOrCpuidString || v.CpuidString == nameOrCpuidString);

    /// <summary>What a CPU name means under a machine type; null when the catalog has no such name.</summary>
    internal QemuResolution? Resolve(string cpuName, QemuMachineType machine)
    {
        if (!_names.TryGetValue(cpuName, out var entry)) return null;
        var (model, kind, number) = entry;
        if (kind == QemuNameKind.Versioned) return new QemuResolution(cpuName, kind, model, model.Version(number)!, null);
        var version = kind == QemuNameKind.NamedAlias
            ? model.Version(number)!
            : machine.CpuVersion == QemuCpuVersionPolicy.Latest ? model.Latest : model.Versions[0];
        var aliasOf = machine.CpuVersion == QemuCpuVersionPolicy.Legacy ? null : version.Name;
        return new QemuResolution(cpuName, kind, model, version, aliasOf);
    }

    /// <summary>A CPU name expanded under a machine type: the resolved version's properties (its own besides the
    /// features and signature too), then the machine type's compatibility values, then (when given and not the accelerator the catalog was probed under) the
    /// accelerator's defaults; features of a leaf or MSR whose enumerating feature ends up off are cleared, as QEMU does.
    /// Null when the catalog has no such name.</summary>
    internal QemuExpansion? Expand(string cpuName, QemuMachineType machine, QemuAccelerator? accelerator = null)
    {
        if (Resolve(cpuName, machine) is not { } r) return null;
        var v = r.Version;
        var features = v.Features;
        var props = ImmutableSortedDictionary.CreateBuilder<string, QemuPropValue>(StringComparer.Ordinal);
        props["vendor"] = QemuPropValue.Of(v.Vendor);
        props["family"] = QemuPropValue.Of(v.Family);
        props["model"] = QemuPropValue.Of(v.ModelNumber);
        props["stepping"] = QemuPropValue.Of(v.Stepping);
        props["model-id"] = QemuPropValue.Of(v.ModelId);
        props["level"] = QemuPropValue.Of(v.Level);
        props["xlevel"] = QemuPropValue.Of(v.XLevel);
        props["min-level"] = QemuPropValue.Of(v.MinLevel);
        props["min-xlevel"] = QemuPropValue.Of(v.MinXLevel);
        foreach (var (prop, value) in v.Props) props[prop] = value;
        var overrides = machine.Overrides.AsEnumerable();
        if (accelerator is { Probed: false }) overrides = overrides.Concat(accelerator.Defaults);
        foreach (var o in overrides)
        {
            if (!o.AppliesTo(cpuName)) continue;
            if (o.Value.Kind == QemuPropKind.Bool && FeatureNames.FindQemu(o.Prop) is { } f)
            {
                features = o.Value.IsOn ? features.With(f.Index) : features.Without(f.Index);
            }
            else
            {
                props[o.Prop] = o.Value;
            }
        }
        return new QemuExpansion(r, QemuFeatureDependencies.Apply(_dependencies.Value, features), props.ToImmutable());
    }

    /// <summary>The set without the features QEMU clears because the feature that enumerates their leaf or MSR is
    /// off (svm for the SVM leaf, vmx for the VMX capability MSRs, arch-capabilities, …).</summary>
    internal FeatureSet WithoutOrphans(FeatureSet features) => QemuFeatureDependencies.Apply(_dependencies.Value, features);

    /// <summary>The features of a set, in catalog order.</summary>
    internal IEnumerable<QemuFeature> FeaturesOf(FeatureSet set) => set.Indices().Select(i => Features[i]);
}

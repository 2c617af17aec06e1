using System.Collections.Concurrent;
using System.Collections.Immutable;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>
/// What DomainCpu assumes about a QEMU release when no <c>&lt;qemuCaps&gt;</c> record is given: for x86_64 under both
/// accelerators, its machine types (alias, default, most vCPUs, default CPU and RAM, deprecation) and CPU models as
/// the embedded catalog of that release records them, and the capability flags that change CPU arguments, which
/// every QEMU the catalog holds has. These are facts of QEMU itself (<c>query-machines</c>,
/// <c>query-cpu-definitions</c>), not of any host.
/// </summary>
internal static class QemuBuiltinCapabilities
{
    private static readonly ConcurrentDictionary<QemuCatalog, Lazy<QemuCapabilities>> Built = new();

    /// <summary>The capabilities of QEMU 7.2 for x86_64 (the oldest embedded catalog).</summary>
    public static QemuCapabilities Qemu72 => For(EmbeddedCatalog.Qemu);

    private static readonly string[] Flags =
    [
        QemuCapabilityFlags.SmpDies, QemuCapabilityFlags.CpuCache, QemuCapabilityFlags.CpuMigratable,
        QemuCapabilityFlags.CpuMax, QemuCapabilityFlags.QueryHotpluggableCpus, QemuCapabilityFlags.CpuUnavailableFeatures,
        "query-cpu-model-expansion", "query-cpu-definitions", "x86-max-cpu", "canonical-cpu-features",
    ];

    /// <summary>The capabilities of the QEMU release a catalog was generated from; built once per catalog.</summary>
    public static QemuCapabilities For(QemuCatalog catalog) =>
        Built.GetOrAdd(catalog, c => new Lazy<QemuCapabilities>(() => Build(c))).Value;

    private static QemuCapabilities Build(QemuCatalog catalog)
    {
        var machines = ImmutableArray.CreateBuilder<QemuMachine>();
        var models = ImmutableArray.CreateBuilder<QemuCpuModel>();
        foreach (var accel in new[] { "kvm", "tcg" })
        {
            // libvirt leaves QEMU's "none" machine type out of its record.
            foreach (var m in catalog.Machines.Where(m => m.Name != "none"))
            {
                machines.Add(new QemuMachine(accel, m.Name, m.Alias, m.IsDefault, (uint)m.MaxCpus, m.DefaultCpuType, m.Deprecated, m.DefaultRamId));
            }
            foreach (var name in catalog.CpuNames)
            {
                models.Add(new QemuCpuModel(accel, name, name + "-x86_64-cpu", null, false, ImmutableArray<string>.Empty));
            }
        }
        return new QemuCapabilities(catalog.PackedVersion, "x86_64", ImmutableHashSet.Create(StringComparer.Ordinal, Flags),
            machines.ToImmutable(), models.ToImmutable(), ImmutableArray<QemuHostCpu>.Empty);
    }
}

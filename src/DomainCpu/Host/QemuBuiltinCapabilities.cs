using System.Collections.Immutable;
using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>
/// What DomainCpu assumes about QEMU when no <c>&lt;qemuCaps&gt;</c> record is given: QEMU 7.2 for x86_64 (its
/// CPU models, pc/q35 machine types with the default CPU qemu64, and the flags that change CPU arguments).
/// These are facts of QEMU 7.2 itself (<c>-cpu help</c>, <c>-machine help</c>), not of any host.
/// </summary>
public static class QemuBuiltinCapabilities
{
    /// <summary>QEMU 7.2.0 in libvirt's version encoding.</summary>
    public const ulong Version = 7002000;

    /// <summary>The capabilities of QEMU 7.2 for x86_64, for both accelerators; no host CPU data.</summary>
    public static QemuCapabilities Qemu72 => LazyQemu72.Value;

    private static readonly Lazy<QemuCapabilities> LazyQemu72 = new(Build);

    private static readonly string[] Flags =
    [
        QemuCapabilityFlags.SmpDies, QemuCapabilityFlags.CpuCache, QemuCapabilityFlags.CpuMigratable,
        QemuCapabilityFlags.CpuMax, QemuCapabilityFlags.QueryHotpluggableCpus, QemuCapabilityFlags.CpuUnavailableFeatures,
        "query-cpu-model-expansion", "query-cpu-definitions", "x86-max-cpu", "canonical-cpu-features",
    ];

    private static readonly string[] Models =
    [
        "486", "486-v1", "Broadwell", "Broadwell-IBRS", "Broadwell-noTSX", "Broadwell-noTSX-IBRS", "Broadwell-v1",
        "Broadwell-v2", "Broadwell-v3", "Broadwell-v4", "Cascadelake-Server", "Cascadelake-Server-noTSX",
        "Cascadelake-Server-v1", "Cascadelake-Server-v2", "Cascadelake-Server-v3", "Cascadelake-Server-v4",
        "Cascadelake-Server-v5", "Conroe", "Conroe-v1", "Cooperlake", "Cooperlake-v1", "Cooperlake-v2", "Denverton",
        "Denverton-v1", "Denverton-v2", "Denverton-v3", "Dhyana", "Dhyana-v1", "Dhyana-v2", "EPYC", "EPYC-IBPB",
        "EPYC-Milan", "EPYC-Milan-v1", "EPYC-Rome", "EPYC-Rome-v1", "EPYC-Rome-v2", "EPYC-v1", "EPYC-v2", "EPYC-v3",
        "Haswell", "Haswell-IBRS", "Haswell-noTSX", "Haswell-noTSX-IBRS", "Haswell-v1", "Haswell-v2", "Haswell-v3",
        "Haswell-v4", "Icelake-Server", "Icelake-Server-noTSX", "Icelake-Server-v1", "Icelake-Server-v2",
        "Icelake-Server-v3", "Icelake-Server-v4", "Icelake-Server-v5", "Icelake-Server-v6", "IvyBridge",
        "IvyBridge-IBRS", "IvyBridge-v1", "IvyBridge-v2", "KnightsMill", "KnightsMill-v1", "Nehalem", "Nehalem-IBRS",
        "Nehalem-v1", "Nehalem-v2", "Opteron_G1", "Opteron_G1-v1", "Opteron_G2", "Opteron_G2-v1", "Opteron_G3",
        "Opteron_G3-v1", "Opteron_G4", "Opteron_G4-v1", "Opteron_G5", "Opteron_G5-v1", "Penryn", "Penryn-v1",
        "SandyBridge", "SandyBridge-IBRS", "SandyBridge-v1", "SandyBridge-v2", "Skylake-Client",
        "Skylake-Client-IBRS", "Skylake-Client-noTSX-IBRS", "Skylake-Client-v1", "Skylake-Client-v2",
        "Skylake-Client-v3", "Skylake-Client-v4", "Skylake-Server", "Skylake-Server-IBRS",
        "Skylake-Server-noTSX-IBRS", "Skylake-Server-v1", "Skylake-Server-v2", "Skylake-Server-v3",
        "Skylake-Server-v4", "Skylake-Server-v5", "Snowridge", "Snowridge-v1", "Snowridge-v2", "Snowridge-v3",
        "Snowridge-v4", "Westmere", "Westmere-IBRS", "Westmere-v1", "Westmere-v2", "athlon", "athlon-v1", "core2duo",
        "core2duo-v1", "coreduo", "coreduo-v1", "kvm32", "kvm32-v1", "kvm64", "kvm64-v1", "n270", "n270-v1",
        "pentium", "pentium-v1", "pentium2", "pentium2-v1", "pentium3", "pentium3-v1", "phenom", "phenom-v1",
        "qemu32", "qemu32-v1", "qemu64", "qemu64-v1",
    ];

    private static readonly string[] Machines =
    [
        "microvm", "pc-i440fx-7.2", "pc-i440fx-7.1", "pc-i440fx-7.0", "pc-i440fx-6.2", "pc-i440fx-6.1",
        "pc-i440fx-6.0", "pc-i440fx-5.2", "pc-i440fx-5.1", "pc-i440fx-5.0", "pc-i440fx-4.2", "pc-i440fx-4.1",
        "pc-i440fx-4.0", "pc-i440fx-3.1", "pc-i440fx-3.0", "pc-i440fx-2.9", "pc-i440fx-2.8", "pc-i440fx-2.7",
        "pc-i440fx-2.6", "pc-i440fx-2.5", "pc-i440fx-2.4", "pc-i440fx-2.3", "pc-i440fx-2.2", "pc-i440fx-2.12",
        "pc-i440fx-2.11", "pc-i440fx-2.10", "pc-i440fx-2.1", "pc-i440fx-2.0", "pc-i440fx-1.7", "pc-i440fx-1.6",
        "pc-i440fx-1.5", "pc-i440fx-1.4", "pc-q35-7.2", "pc-q35-7.1", "pc-q35-7.0", "pc-q35-6.2", "pc-q35-6.1",
        "pc-q35-6.0", "pc-q35-5.2", "pc-q35-5.1", "pc-q35-5.0", "pc-q35-4.2", "pc-q35-4.1", "pc-q35-4.0.1",
        "pc-q35-4.0", "pc-q35-3.1", "pc-q35-3.0", "pc-q35-2.9", "pc-q35-2.8", "pc-q35-2.7", "pc-q35-2.6",
        "pc-q35-2.5", "pc-q35-2.4", "pc-q35-2.12", "pc-q35-2.11", "pc-q35-2.10", "isapc",
    ];

    private static QemuCapabilities Build()
    {
        var machines = ImmutableArray.CreateBuilder<QemuMachine>();
        var models = ImmutableArray.CreateBuilder<QemuCpuModel>();
        foreach (var accel in new[] { "kvm", "tcg" })
        {
            foreach (var m in Machines)
            {
                var alias = m == "pc-i440fx-7.2" ? "pc" : m == "pc-q35-7.2" ? "q35" : null;
                var max = m.StartsWith("pc-q35", StringComparison.Ordinal) || m == "microvm" ? 288u : m == "isapc" ? 1u : 255u;
                machines.Add(new QemuMachine(accel, m, alias, m == "pc-i440fx-7.2", max, m == "microvm" ? null : "qemu64-x86_64-cpu",
                    DefaultRamId: m == "microvm" ? "microvm.ram" : "pc.ram"));
            }
            foreach (var name in Models)
            {
                models.Add(new QemuCpuModel(accel, name, name + "-x86_64-cpu", null, false, ImmutableArray<string>.Empty));
            }
        }
        return new QemuCapabilities(Version, "x86_64", ImmutableHashSet.Create(StringComparer.Ordinal, Flags),
            machines.ToImmutable(), models.ToImmutable(), ImmutableArray<QemuHostCpu>.Empty);
    }
}

using System.Collections.Immutable;

namespace DomainCpu.Model;

/// <summary>
/// libvirt's record of one QEMU binary (<c>&lt;qemuCaps&gt;</c>, the format of its capabilities cache and of
/// the test data's <c>caps_*.x86_64.xml</c>): version, capability flags, machine types, CPU models and the
/// host CPU as QEMU expands it, per accelerator.
/// </summary>
/// <param name="Version">QEMU's version as libvirt encodes it (7.2.0 → 7002000).</param>
/// <param name="Arch">The emulator's target architecture.</param>
/// <param name="Flags">The capability flags (e.g. <c>cpu.migratable</c>, <c>smp-dies</c>, <c>cpu-cache</c>).</param>
/// <param name="Machines">The machine types, per accelerator.</param>
/// <param name="CpuModels">The CPU models, per accelerator, in QEMU's order.</param>
/// <param name="HostCpus">QEMU's expansion of the host CPU, per accelerator.</param>
public sealed record QemuCapabilities(
    ulong Version,
    string? Arch,
    ImmutableHashSet<string> Flags,
    ImmutableArray<QemuMachine> Machines,
    ImmutableArray<QemuCpuModel> CpuModels,
    ImmutableArray<QemuHostCpu> HostCpus)
{
    /// <summary>No capabilities at all: libvirt's behaviour when it knows nothing of the binary.</summary>
    public static QemuCapabilities None { get; } = new(0, null, ImmutableHashSet<string>.Empty,
        ImmutableArray<QemuMachine>.Empty, ImmutableArray<QemuCpuModel>.Empty, ImmutableArray<QemuHostCpu>.Empty);

    /// <summary>The libvirt release that wrote the record, packed as <see cref="Version"/> (<c>&lt;selfvers&gt;</c>; 0 when
    /// unknown, as in libvirt's own test data).</summary>
    public ulong LibvirtVersion { get; init; }

    /// <summary>Whether a capability flag is set.</summary>
    public bool Has(string flag) => Flags.Contains(flag);

    /// <summary>The accelerator name of a domain type: kvm for <c>kvm</c>, tcg otherwise.</summary>
    public static string AccelOf(string? virtType) => virtType == "kvm" ? "kvm" : "tcg";

    /// <summary>The machine type a domain's machine name or alias means for an accelerator; the default
    /// machine when the name is null; null when unknown.</summary>
    public QemuMachine? FindMachine(string? name, string accel)
    {
        foreach (var m in Machines)
        {
            if (m.Accel != accel) continue;
            if (name is null ? m.IsDefault : m.Name == name || m.Alias == name) return m;
        }
        return null;
    }

    /// <summary>The CPU models offered for an accelerator.</summary>
    public IEnumerable<QemuCpuModel> ModelsFor(string accel) => CpuModels.Where(m => m.Accel == accel);

    /// <summary>The default CPU model of a machine type as libvirt finds it: the machine's default CPU type
    /// looked up by type name in the accelerator's model list; null when either is unknown.</summary>
    /// <param name="machine">The machine name or alias; null for QEMU's default machine.</param>
    /// <param name="accel">kvm or tcg.</param>
    public string? DefaultCpuModel(string? machine, string accel)
    {
        var type = FindMachine(machine, accel)?.DefaultCpuType;
        if (type is null) return null;
        return ModelsFor(accel).FirstOrDefault(m => m.TypeName == type)?.Name;
    }

    /// <summary>QEMU's host CPU for an accelerator, or null.</summary>
    public QemuHostCpu? HostCpuFor(string accel) => HostCpus.FirstOrDefault(h => h.Accel == accel);
}

/// <summary>A machine type of a QEMU binary.</summary>
/// <param name="Accel">kvm or tcg.</param>
/// <param name="Name">The machine type name.</param>
/// <param name="Alias">Its alias (pc, q35), or null.</param>
/// <param name="IsDefault">Whether it is QEMU's default machine.</param>
/// <param name="MaxCpus">The most vCPUs it takes.</param>
/// <param name="DefaultCpuType">The QOM type name of its default CPU (e.g. <c>qemu64-x86_64-cpu</c>), or null.</param>
/// <param name="Deprecated">Whether QEMU deprecates the machine type.</param>
/// <param name="DefaultRamId">The id of its default RAM backend (<c>pc.ram</c>), or null when QEMU names none: then libvirt
/// gives the guest's memory no backend object unless it has NUMA cells.</param>
public sealed record QemuMachine(string Accel, string Name, string? Alias, bool IsDefault, uint MaxCpus, string? DefaultCpuType, bool Deprecated = false,
    string? DefaultRamId = null)
{
    /// <summary>The default CPU's model name: the type name without its <c>-ARCH-cpu</c> suffix.</summary>
    public string? DefaultCpuModel
    {
        get
        {
            if (DefaultCpuType is null) return null;
            var t = DefaultCpuType;
            if (t.EndsWith("-cpu", StringComparison.Ordinal))
            {
                t = t[..^4];
                var dash = t.LastIndexOf('-');
                if (dash > 0) t = t[..dash];
            }
            return t;
        }
    }
}

/// <summary>A CPU model of a QEMU binary.</summary>
/// <param name="Accel">kvm or tcg.</param>
/// <param name="Name">The model name.</param>
/// <param name="TypeName">The QOM type name.</param>
/// <param name="Usable">yes, no or unknown (null).</param>
/// <param name="Deprecated">Whether QEMU deprecates it.</param>
/// <param name="Blockers">The QEMU feature names that keep it from being usable.</param>
public sealed record QemuCpuModel(string Accel, string Name, string? TypeName, bool? Usable, bool Deprecated, ImmutableArray<string> Blockers);

/// <summary>QEMU's expansion of the host CPU (<c>&lt;hostCPU&gt;</c>).</summary>
/// <param name="Accel">kvm or tcg.</param>
/// <param name="Model">The model QEMU expanded (usually <c>base</c> or <c>max</c>).</param>
/// <param name="Migratability">Whether migratable flags are known.</param>
/// <param name="Properties">The properties in QEMU's order.</param>
public sealed record QemuHostCpu(string Accel, string Model, bool Migratability, ImmutableArray<QemuCpuProperty> Properties);

/// <summary>A property of QEMU's host CPU expansion.</summary>
/// <param name="Name">The QEMU property name.</param>
/// <param name="Type">boolean, number or string.</param>
/// <param name="Value">The value as written.</param>
/// <param name="Migratable">yes/no when known, else null.</param>
public sealed record QemuCpuProperty(string Name, string Type, string Value, bool? Migratable);

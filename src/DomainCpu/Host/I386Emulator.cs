using System.Collections.Immutable;
using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>
/// libvirt asks each emulator binary for its own capabilities, and a domain naming <c>qemu-system-i386</c> is
/// built from that binary's. It is QEMU's x86 target built without 64-bit support, so its record follows from
/// qemu-system-x86_64's: the same machines and models (QOM types <c>*-i386-cpu</c>, default CPU <c>qemu32</c>
/// where x86_64 has <c>qemu64</c>), and a host CPU without long mode (under TCG also without <c>syscall</c>).
/// Model usability is kept as recorded for x86_64.
/// </summary>
internal static class I386Emulator
{
    private const string Suffix64 = "-x86_64-cpu";
    private const string Suffix32 = "-i386-cpu";

    /// <summary>Whether an <c>&lt;emulator&gt;</c> path names qemu-system-i386.</summary>
    public static bool Names(string? emulator) =>
        emulator is not null && emulator[(emulator.LastIndexOf('/') + 1)..] == "qemu-system-i386";

    /// <summary>The capabilities of the emulator a domain names: qemu-system-i386's derived from the
    /// qemu-system-x86_64 record given, else the record itself.</summary>
    public static QemuCapabilities CapabilitiesFor(string? emulator, QemuCapabilities caps) =>
        Names(emulator) && caps.Arch == "x86_64" ? Derive(caps) : caps;

    /// <summary>The flags libvirt takes from the properties of <c>max-x86_64-cpu</c>, a type qemu-system-i386 lacks (its
    /// max CPU is <c>max-i386-cpu</c>), so that binary's record never has them.</summary>
    private static readonly string[] FlagsOfX86_64MaxCpu = ["x86-max-cpu", QemuCapabilityFlags.CpuUnavailableFeatures, "canonical-cpu-features", QemuCapabilityFlags.CpuMigratable];

    private static QemuCapabilities Derive(QemuCapabilities x86) => x86 with
    {
        Arch = "i686",
        Flags = x86.Flags.Except(FlagsOfX86_64MaxCpu),
        Machines = x86.Machines.Select(m => m with { DefaultCpuType = TypeName(m.DefaultCpuType == "qemu64" + Suffix64 ? "qemu32" + Suffix64 : m.DefaultCpuType) }).ToImmutableArray(),
        CpuModels = x86.CpuModels.Select(m => m with { TypeName = TypeName(m.TypeName) }).ToImmutableArray(),
        HostCpus = x86.HostCpus.Select(h => h with
        {
            Properties = h.Properties.Select(p => p.Type == "boolean" && Unavailable(h.Accel, p.Name) ? p with { Value = "false" } : p)
                .ToImmutableArray(),
        }).ToImmutableArray(),
    };

    // "i64" is QEMU's alias of "lm".
    private static bool Unavailable(string accel, string property) =>
        property is "lm" or "i64" || (accel == "tcg" && property == "syscall");

    private static string? TypeName(string? type)
    {
        if (type is null || !type.EndsWith(Suffix64, StringComparison.Ordinal)) return type;
        return type[..^Suffix64.Length] + Suffix32;
    }
}

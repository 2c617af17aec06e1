using System.Collections.Immutable;

namespace DomainCpu.Catalog.Qemu;

/// <summary>A CPUID output register.</summary>
internal enum CpuidRegister
{
    /// <summary>eax.</summary>
    Eax,
    /// <summary>ebx.</summary>
    Ebx,
    /// <summary>ecx.</summary>
    Ecx,
    /// <summary>edx.</summary>
    Edx,
}

/// <summary>Where a feature lives in the hardware: one CPUID bit or one MSR bit (facts of the vendors' manuals,
/// taken from libvirt's feature table).</summary>
/// <param name="IsMsr">True for an MSR bit, false for a CPUID bit.</param>
/// <param name="Leaf">CPUID leaf (eax input), or the MSR index.</param>
/// <param name="Subleaf">CPUID subleaf (ecx input); 0 for MSRs.</param>
/// <param name="Register">The CPUID output register (eax for the low half of an MSR, edx for the high half).</param>
/// <param name="Bit">The bit number within the register (0–31).</param>
internal readonly record struct QemuFeatureBit(bool IsMsr, uint Leaf, uint Subleaf, CpuidRegister Register, int Bit)
{
    /// <summary>A readable form: <c>CPUID 0x7.0 ebx[2]</c> or <c>MSR 0x10a[3]</c> (MSR bits counted over 64 bits).</summary>
    public override string ToString() => IsMsr
        ? $"MSR 0x{Leaf:x}[{(Register == CpuidRegister.Edx ? Bit + 32 : Bit)}]"
        : $"CPUID 0x{Leaf:x}.{Subleaf} {Register.ToString().ToLowerInvariant()}[{Bit}]";
}

/// <summary>One CPU feature of the catalog, with its spellings in libvirt, QEMU and Linux.</summary>
/// <param name="Index">The feature's index in the catalog (the bit in a <see cref="FeatureSet"/>).</param>
/// <param name="Name">The libvirt name when libvirt knows the feature, else QEMU's canonical name.</param>
/// <param name="QemuName">QEMU's canonical property name; null for the few features QEMU has no property for
/// (e.g. osxsave, which the guest OS sets).</param>
/// <param name="QemuAliases">Other property names QEMU accepts for the feature.</param>
/// <param name="LinuxAliases">Names Linux uses in /proc/cpuinfo where they differ.</param>
/// <param name="Bit">The CPUID or MSR bit, when known.</param>
/// <param name="InLibvirt">Whether libvirt's feature table has the feature.</param>
/// <param name="Migratable">False for features that pin a guest to its host (e.g. invtsc).</param>
internal sealed record QemuFeature(
    int Index,
    string Name,
    string? QemuName,
    ImmutableArray<string> QemuAliases,
    ImmutableArray<string> LinuxAliases,
    QemuFeatureBit? Bit,
    bool InLibvirt,
    bool Migratable);

using System.Collections.Immutable;

namespace DomainCpu.Catalog.Qemu;

/// <summary>The CPU models a QEMU release offers under one machine type (<see cref="LibvirtCpu.Models(Targets.Target, string?, Host.HostCpuid?)"/>).</summary>
/// <param name="Machine">The machine type the names were resolved under (its name, not an alias).</param>
/// <param name="Models">Every CPU name <c>-cpu</c> takes, in ordinal order.</param>
public sealed record QemuModelList(string Machine, ImmutableArray<QemuModelInfo> Models);

/// <summary>One CPU name of a QEMU release, as resolved under a machine type, and whether a host can run it.</summary>
/// <param name="Name">The name as <c>-cpu</c> takes it.</param>
/// <param name="Version">The model version the name resolves to.</param>
/// <param name="AliasOf">The versioned name it is an alias of; null for a versioned name, or a release that reports
/// no aliases.</param>
/// <param name="Vendor">The model's vendor.</param>
/// <param name="Unavailable">The features that keep QEMU (under KVM) from running it on the host, in QEMU's order;
/// empty when it can; null when no host was looked at.</param>
public sealed record QemuModelInfo(string Name, int Version, string? AliasOf, string Vendor, ImmutableArray<string>? Unavailable)
{
    /// <summary>Whether the host can run the model; null when no host was looked at.</summary>
    public bool? Usable => Unavailable?.IsEmpty;
}

/// <summary>One CPU name expanded under a machine type (<see cref="LibvirtCpu.Model"/>): the version it resolves to,
/// its CPUID properties and features, and what changed from the previous version and under the machine type.</summary>
/// <param name="Name">The name as given.</param>
/// <param name="Resolved">The versioned name it resolves to (<c>Haswell-v2</c>).</param>
/// <param name="Machine">The machine type.</param>
/// <param name="AliasOf">The versioned name it is an alias of; null for a versioned name or no reported alias.</param>
/// <param name="Versioned">Whether <paramref name="Name"/> is a versioned name itself.</param>
/// <param name="Vendor">The model's vendor (<c>Intel</c>, <c>AMD</c>, …).</param>
/// <param name="VendorId">The CPUID vendor string QEMU sets (<c>GenuineIntel</c>).</param>
/// <param name="Family">CPUID family.</param>
/// <param name="ModelNumber">CPUID model.</param>
/// <param name="Stepping">CPUID stepping.</param>
/// <param name="ModelId">The model id (brand) string.</param>
/// <param name="Level">CPUID <c>level</c>.</param>
/// <param name="XLevel">CPUID <c>xlevel</c>.</param>
/// <param name="MinLevel">CPUID <c>min-level</c>.</param>
/// <param name="MinXLevel">CPUID <c>min-xlevel</c>.</param>
/// <param name="Features">The features of the expansion, by name.</param>
/// <param name="Previous">The versioned name of the previous version; null for version 1.</param>
/// <param name="Changes">What the version changes from the previous one: <c>+feature</c>, <c>-feature</c>, then
/// <c>prop: before -&gt; after</c>.</param>
/// <param name="MachineChanges">What the machine type's compatibility rules change on the version, the same way.</param>
public sealed record QemuModelDetails(
    string Name, string Resolved, string Machine, string? AliasOf, bool Versioned, string Vendor, string VendorId,
    int Family, int ModelNumber, int Stepping, string ModelId, long Level, long XLevel, long MinLevel, long MinXLevel,
    ImmutableArray<QemuModelFeature> Features, string? Previous, ImmutableArray<string> Changes, ImmutableArray<string> MachineChanges);

/// <summary>A feature of a CPU model.</summary>
/// <param name="Name">libvirt's name of the feature.</param>
/// <param name="QemuName">QEMU's property name for it; null when QEMU has none.</param>
/// <param name="Bit">Where it lives (<c>CPUID 0x7.0 ebx[5]</c>, <c>MSR 0x10a[3]</c>); null for a feature without a bit.</param>
public sealed record QemuModelFeature(string Name, string? QemuName, string? Bit);

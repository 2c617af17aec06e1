using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.Targets;

namespace DomainCpu.Start;

/// <summary>
/// Everything a domain's start depends on besides the domain: the target (the libvirt release, its CPU models and the
/// QEMU catalog), what is known about the host and the QEMU binary (any part may be missing), and the start's options.
/// <c>expand</c>, <c>hook</c> and <c>argv</c> all start a domain with one of these (<see cref="StartEngine"/>).
/// </summary>
public sealed record StartContext
{
    /// <summary>The libvirt release, CPU model data and QEMU catalog to answer for.</summary>
    public required Target Target { get; init; }

    /// <summary>libvirt's record of the QEMU binary (<c>&lt;qemuCaps&gt;</c>); null when unknown, and then the checks that
    /// need it (the QEMU driver's validation, the features QEMU knows, the command line) are not made.</summary>
    public QemuCapabilities? QemuCapabilities { get; init; }

    /// <summary>The CPU part of domain capabilities; null when not given.</summary>
    public DomainCapabilitiesCpu? DomainCapabilities { get; init; }

    /// <summary>The migratable host-model CPU libvirt updates guests against; null takes domain capabilities'
    /// host-model, else QEMU's record of the host CPU, else the host CPU of host capabilities.</summary>
    public CpuDefinition? HostModel { get; init; }

    /// <summary>The host CPU of host capabilities (type host); null when not given.</summary>
    public CpuDefinition? HostCpu { get; init; }

    /// <summary>The host's NUMA nodes (host capabilities' <c>&lt;topology&gt;&lt;cells&gt;</c>); null when unknown, and then
    /// <c>&lt;numatune&gt;</c> node sets are not checked against the host.</summary>
    public ImmutableSortedSet<int>? HostNumaNodes { get; init; }

    /// <summary>Whether numad advises this host and which hugetlbfs mounts it has; null when unknown, and then neither
    /// automatic memory placement nor huge-page backing is checked against the host.</summary>
    public HostMemoryFacts? HostMemory { get; init; }

    /// <summary>The host's online CPUs (host capabilities' <c>&lt;topology&gt;</c> CPUs, or this machine's); null when
    /// unknown, and then the CPUs a started domain's threads are pinned to are not checked against the host.</summary>
    public ImmutableSortedSet<int>? HostCpus { get; init; }

    /// <summary>The cgroup controllers libvirt can use for the domain (<c>cpu</c>, <c>cpuset</c>, …; empty when it has
    /// none, as libvirt's embedded driver or a host without cgroups); null when unknown, and then scheduler tuning is not
    /// checked.</summary>
    public ImmutableSortedSet<string>? CgroupControllers { get; init; }

    /// <summary>Whether a path exists on the host (asked with an absolute path): a disk image that
    /// <c>&lt;qemu:commandline&gt;</c> names is opened there by QEMU, which exits when it is missing; null when unknown, and
    /// then such images are not checked.</summary>
    public Func<string, bool>? HostPathExists { get; init; }

    /// <summary>A machine type that replaces the domain's; null keeps the domain's.</summary>
    public string? Machine { get; init; }

    /// <summary>Whether the domain is started by incoming migration (taint host-cpu).</summary>
    public bool Incoming { get; init; }

    /// <summary>Replace an unversioned custom model of the live CPU by the concrete version the machine type runs
    /// (<c>Haswell</c> → <c>Haswell-v1</c>), so the guest keeps its CPU on a later QEMU: the version from the target's QEMU
    /// catalog, and only where the target libvirt knows versioned names (<see cref="ModelVersions.Decide"/>). libvirt
    /// does not do this.</summary>
    public bool PinModelVersion { get; init; }

    /// <summary>The CPU models the hypervisor offers, in place of domain capabilities' and QEMU's model lists: a custom
    /// CPU is translated to one of them (SPEC §7.6); null when not given.</summary>
    public IReadOnlyList<string>? AllowedModels { get; init; }

    /// <summary>The CPU data QEMU reports enabled on the started guest; null when unknown.</summary>
    internal X86Data? QemuEnabled { get; init; }

    /// <summary>The CPU data QEMU reports it could not enable; null when unknown.</summary>
    internal X86Data? QemuDisabled { get; init; }

    /// <summary>Whether the host documents given are libvirt's own answers to go by (which models are usable, what the
    /// host-model CPU holds) rather than facts for libvirt's x86 algorithms to compute with: set when host or domain
    /// capabilities are read and the target's CPU models are not libvirt's own cpu_map, so that computing would use other
    /// data than libvirt did. A probed host CPU is not libvirt's answer.</summary>
    public bool CapabilitiesDecide { get; init; }

    /// <summary>Whether this start goes by the capability documents: they decide (<see cref="CapabilitiesDecide"/>) and
    /// the start asks for nothing only the algorithms can do (QEMU's reported CPU data, a model list to translate to).</summary>
    internal bool GoesByCapabilities => CapabilitiesDecide && QemuEnabled is null && QemuDisabled is null && AllowedModels is null;

    /// <summary>The CPU models, features and vendors the x86 algorithms work with.</summary>
    internal CpuCatalog Models => Target.Models;
}

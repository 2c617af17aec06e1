using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Diagnostics;

namespace DomainCpu.Start;

/// <summary>Everything of a domain that its <c>-cpu</c> and <c>-smp</c> arguments and its taints depend on.</summary>
/// <param name="File">The file name for findings.</param>
/// <param name="Cpu">The <c>&lt;cpu&gt;</c> as parsed (before any driver default); null when absent.</param>
/// <param name="QemuCpu">The <c>&lt;qemu:cpu&gt;</c>; null when absent.</param>
/// <param name="Info">Type, arch, machine and vCPU counts.</param>
/// <param name="Settings">The settings outside <c>&lt;cpu&gt;</c> that become <c>-cpu</c> properties.</param>
/// <param name="Vcpus">The per-vCPU state of <c>&lt;vcpus&gt;</c>; empty when not given.</param>
/// <param name="Emulator">The <c>&lt;emulator&gt;</c> path; null when absent.</param>
/// <param name="TaintFacts">The taint-relevant constructs found outside <c>&lt;cpu&gt;</c>.</param>
/// <param name="HugepageNodes">The guest NUMA nodes named by <c>&lt;memoryBacking&gt;&lt;hugepages&gt;&lt;page nodeset&gt;</c>.</param>
/// <param name="Positions">Where key elements are (cpu, vcpu, topology, cache, maxphysaddr, qemu:cpu, domain).</param>
/// <param name="NumaTune">The host NUMA nodes <c>&lt;numatune&gt;</c> binds memory to; null means none.</param>
/// <param name="Memory">The huge pages and memory source of <c>&lt;memoryBacking&gt;</c>; null means none.</param>
/// <param name="Tuning">How its QEMU threads are placed and scheduled; null means no tuning.</param>
/// <param name="QemuArgs">The words <c>&lt;qemu:commandline&gt;</c> appends to QEMU's command line, in order.</param>
/// <param name="Name">The domain's <c>&lt;name&gt;</c>; null when absent.</param>
internal sealed record ArgvDomain(
    string File,
    CpuDefinition? Cpu,
    QemuCpu? QemuCpu,
    DomainInfo Info,
    CpuAffectingSettings Settings,
    ImmutableArray<VcpuState> Vcpus,
    string? Emulator,
    ImmutableHashSet<string> TaintFacts,
    ImmutableArray<int> HugepageNodes,
    ImmutableDictionary<string, SourcePosition> Positions,
    NumaTune? NumaTune = null,
    MemoryBacking? Memory = null,
    ThreadTuning? Tuning = null,
    ImmutableArray<string> QemuArgs = default,
    string? Name = null)
{
    /// <summary>The key of a CPU feature's element (the first of that name).</summary>
    public static string FeatureKey(string name) => $"feature {name}";

    /// <summary>The position of a key element, else of the root.</summary>
    public SourcePosition At(string key) =>
        Positions.TryGetValue(key, out var p) ? p : Positions.GetValueOrDefault("domain");

    /// <summary>The vCPU count libvirt puts first on <c>-smp</c>: online vCPUs that are not hot-pluggable.</summary>
    public uint BootVcpus => !Vcpus.IsEmpty
        ? (uint)Vcpus.Count(v => v.Enabled && v.Hotpluggable != true)
        : Info.CurrentVcpus ?? Info.MaxVcpus ?? 1;

    /// <summary>A finding about this domain at a key element.</summary>
    public DomainCpuException Error(string key, Diagnostic finding) => DomainCpuException.At(File, At(key), finding);
}

/// <summary>One <c>&lt;vcpus&gt;&lt;vcpu&gt;</c>.</summary>
/// <param name="Id">The vCPU id.</param>
/// <param name="Enabled">Whether it is online at start.</param>
/// <param name="Hotpluggable">The hotpluggable attribute; null when not given.</param>
internal sealed record VcpuState(uint Id, bool Enabled, bool? Hotpluggable);

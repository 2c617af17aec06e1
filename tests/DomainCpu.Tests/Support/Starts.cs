using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Start;
using DomainCpu.Targets;

namespace DomainCpu.Tests.Support;

/// <summary>Starts built in code: a target over given CPU models, and a domain of nothing but its type, arch and CPU.</summary>
public static class Starts
{
    /// <summary>A target answering as libvirt 9.0 with <paramref name="models"/> as its CPU models (libvirt 9.0's embedded
    /// cpu_map models when null), read from the cpu_map directory <paramref name="cpuMap"/> names, if any.</summary>
    public static Target Target(CpuCatalog? models = null, string? cpuMap = null) =>
        new(LibvirtProfile.Libvirt90, models ?? EmbeddedCpuMaps.For(9, 0), EmbeddedCatalog.Qemu,
            new TargetOrigin("test", cpuMap ?? "the embedded models of libvirt 9.0's cpu_map", new ReleaseVersion(7, 2), "test"), cpuMap);

    /// <summary>A start context over <paramref name="models"/>.</summary>
    public static StartContext Context(CpuCatalog? models = null) => new() { Target = Target(models) };

    /// <summary>A domain with only its facts and CPU.</summary>
    internal static ArgvDomain Domain(DomainInfo info, CpuDefinition? cpu) =>
        new("test.xml", cpu, null, info, CpuAffectingSettings.None, ImmutableArray<VcpuState>.Empty, info.Emulator,
            ImmutableHashSet<string>.Empty, ImmutableArray<int>.Empty, ImmutableDictionary<string, SourcePosition>.Empty);

    /// <summary>The live CPU of a domain started in <paramref name="context"/>.</summary>
    public static CpuDefinition? Live(CpuDefinition cpu, DomainInfo info, StartContext context) =>
        StartEngine.Start(Domain(info, cpu), cpu, context).Live;
}

using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.X86;
using DomainCpu.Diagnostics;

namespace DomainCpu.Host;

/// <summary>
/// Raw CPUID data → the host <c>&lt;cpu&gt;</c> of libvirt's host capabilities (SPEC §2.1): the catalog model
/// libvirt would choose for a host (§7.3: host type, every model, a model the host must fully have), the vendor,
/// the signature and the features beyond the model, plus what the running system adds (<see cref="HostFacts"/>):
/// microcode, the TSC counter (only with an invariant TSC), topology, maxphysaddr and page sizes.
/// </summary>
internal static class HostDecoder
{
    /// <summary>The architecture of every CPU decoded here.</summary>
    public const string Arch = "x86_64";

    /// <summary>Decodes host CPU data as libvirt's capabilities show it.</summary>
    /// <param name="catalog">The CPU catalog (libvirt's cpu_map for identical results).</param>
    /// <param name="data">The CPUID/MSR data.</param>
    /// <param name="facts">What the system adds; <see cref="HostFacts.None"/> for a dump.</param>
    /// <exception cref="DomainCpuException">No catalog model fits the data.</exception>
    public static HostCpu Decode(CpuCatalog catalog, CpuidData data, HostFacts facts)
    {
        var cpu = X86Decoder.Decode(catalog, X86Data.FromCpuid(data), new DecodeRequest(CpuType.Host));
        return new HostCpu(WithFacts(cpu with { Arch = Arch }, data, facts), ImmutableArray<string>.Empty, facts.PageSizes);
    }

    /// <summary>What libvirt shows when its decode fails: a CPU with the architecture and the system's facts
    /// only (no model, vendor, signature or features).</summary>
    public static HostCpu Undecoded(CpuidData data, HostFacts facts) =>
        new(WithFacts(new CpuDefinition { Type = CpuType.Host, Arch = Arch }, data, facts), ImmutableArray<string>.Empty, facts.PageSizes);

    /// <summary>Decodes CPU data as an exact guest CPU that must not fall back to another model (libvirt's
    /// cpuid-guest decoding), restricted to the hypervisor's models when given.</summary>
    /// <param name="catalog">The CPU catalog.</param>
    /// <param name="data">The CPUID/MSR data.</param>
    /// <param name="models">The hypervisor's models with their blockers (libvirt names); null for every catalog model.</param>
    /// <exception cref="DomainCpuException">No allowed model fits the data.</exception>
    public static CpuDefinition DecodeGuest(CpuCatalog catalog, CpuidData data, IReadOnlyList<AllowedModel>? models = null)
    {
        var cpu = X86Decoder.Decode(catalog, X86Data.FromCpuid(data), new DecodeRequest(CpuType.Guest, models, Fallback: CpuFallback.Forbid));
        return cpu with { Mode = CpuMode.Custom, Match = CpuMatch.Exact, Signature = null };
    }

    private static CpuDefinition WithFacts(CpuDefinition cpu, CpuidData data, HostFacts facts) => cpu with
    {
        Microcode = facts.Microcode is > 0 ? facts.Microcode : null,
        Counter = LinuxHostFacts.HasInvariantTsc(data) ? facts.Tsc : null,
        Topology = facts.Topology,
        MaxPhysAddr = facts.PhysAddrBits is { } bits ? new MaxPhysAddr(MaxPhysAddrMode.Emulate, bits) : null,
    };
}

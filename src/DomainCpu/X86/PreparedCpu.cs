using DomainCpu.Catalog;
using DomainCpu.Diagnostics;
using DomainCpu.Model;

namespace DomainCpu.X86;

/// <summary>A CPU made ready by <see cref="Comparer.Prepare"/> for comparing with many hosts: its model's and
/// features' data, by policy, looked up once.</summary>
internal sealed class PreparedCpu
{
    internal PreparedCpu(CpuCatalog catalog, CpuDefinition cpu, ulong[]? byPolicy, DomainCpuException? refusal)
    {
        Catalog = catalog;
        Cpu = cpu;
        ByPolicy = byPolicy ?? Array.Empty<ulong>();
        Refusal = refusal;
    }

    /// <summary>The CPU.</summary>
    public CpuDefinition Cpu { get; }

    /// <summary>The refusal comparing this CPU meets once a host has been looked up (an unknown model or feature of
    /// the CPU, libvirt's ERROR); null when there is none.</summary>
    public DomainCpuException? Refusal { get; }

    internal CpuCatalog Catalog { get; }

    internal ulong[] ByPolicy { get; }
}

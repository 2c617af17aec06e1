namespace DomainCpu.Model;

/// <summary>The <c>&lt;topology&gt;</c> element of a CPU.</summary>
/// <param name="Sockets">Sockets (non-zero).</param>
/// <param name="Dies">Dies per socket; libvirt's default is 1.</param>
/// <param name="Clusters">Clusters per die; null when not given (libvirt 9.0 has no clusters).</param>
/// <param name="Cores">Cores per cluster (or die).</param>
/// <param name="Threads">Threads per core.</param>
public sealed record CpuTopology(uint Sockets, uint Dies, uint? Clusters, uint Cores, uint Threads)
{
    /// <summary>The number of logical CPUs the topology describes.</summary>
    public ulong LogicalCpus => (ulong)Sockets * Dies * (Clusters ?? 1) * Cores * Threads;
}

using DomainCpu.Catalog;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.X86;

namespace DomainCpu.Compat;

/// <summary>One guest CPU compared with many hosts, as <c>compare --hosts</c>, <c>policy pool</c> and
/// <c>LibvirtCpu.Pool</c> do: the guest is prepared once, the hosts are read as they come, and a refusal without
/// a position is placed at the guest when the guest caused it, else at the host being compared.</summary>
internal static class PoolComparison
{
    /// <summary>Each host with the explained verdict of the guest on it, in the order of <paramref name="hosts"/>.</summary>
    /// <param name="catalog">The CPU models.</param>
    /// <param name="guest">The guest CPU.</param>
    /// <param name="hosts">The hosts, read as the comparison goes.</param>
    /// <param name="cpuOf">The CPU of a host.</param>
    /// <param name="atGuest">A refusal placed at the guest.</param>
    /// <param name="atHost">A refusal placed at a host.</param>
    public static IEnumerable<(THost Host, CompareResult Result)> Compare<THost>(CpuCatalog catalog, CpuDefinition guest,
        IEnumerable<THost> hosts, Func<THost, CpuDefinition> cpuOf,
        Func<DomainCpuException, DomainCpuException> atGuest, Func<THost, DomainCpuException, DomainCpuException> atHost)
    {
        var prepared = Comparer.Prepare(catalog, guest);
        foreach (var host in hosts)
        {
            CompareResult result;
            try
            {
                result = Comparer.Compare(catalog, cpuOf(host), prepared);
            }
            catch (DomainCpuException ex) when (!ex.Diagnostic.HasLocation)
            {
                throw ReferenceEquals(ex, prepared.Refusal) ? atGuest(ex) : atHost(host, ex);
            }
            yield return (host, result);
        }
    }
}

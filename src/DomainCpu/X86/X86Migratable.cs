using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Catalog;

namespace DomainCpu.X86;

/// <summary>The CPU as a migration destination may see it (libvirt's migratable copy).</summary>
internal static class X86Migratable
{
    /// <summary>The CPU without the features the catalog marks non-migratable (<c>invtsc</c>, <c>xsaves</c>).</summary>
    public static CpuDefinition Copy(CpuCatalog catalog, CpuDefinition cpu) =>
        cpu with { Features = cpu.Features.Where(f => catalog.IsMigratable(f.Name)).ToImmutableArray() };
}

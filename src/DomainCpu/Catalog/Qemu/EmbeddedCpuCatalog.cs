using System.Collections.Concurrent;

namespace DomainCpu.Catalog.Qemu;

/// <summary>The x86 catalog built from an embedded QEMU catalog for QEMU's default machine type: what every command
/// uses when no libvirt cpu_map directory is given. Built once per QEMU release, lazily and thread-safely.</summary>
internal static class EmbeddedCpuCatalog
{
    private static readonly ConcurrentDictionary<ulong, Lazy<CpuCatalog>> Catalogs = new();

    /// <summary>The catalog of the oldest embedded QEMU release.</summary>
    public static CpuCatalog Default => For(EmbeddedCatalog.Versions[0]);

    /// <summary>The catalog for a QEMU release (see <see cref="EmbeddedCatalog.For"/>).</summary>
    /// <param name="packedVersion">The QEMU release, packed (10.0.0 → 10000000).</param>
    public static CpuCatalog For(ulong packedVersion)
    {
        var embedded = EmbeddedCatalog.VersionFor(packedVersion);
        return Catalogs.GetOrAdd(embedded, v => new Lazy<CpuCatalog>(
            () => QemuCatalogAdapter.ToCpuCatalog(EmbeddedCatalog.For(v)), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }
}

namespace DomainCpu.Catalog.Qemu;

/// <summary>The x86 catalog built from the embedded QEMU catalog for QEMU's default machine type: what every
/// command uses when no libvirt cpu_map directory is given. Built once, lazily and thread-safely.</summary>
public static class EmbeddedCpuCatalog
{
    private static readonly Lazy<CpuCatalog> Catalog =
        new(() => QemuCatalogAdapter.ToCpuCatalog(EmbeddedCatalog.Qemu), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The catalog.</summary>
    public static CpuCatalog Default => Catalog.Value;
}

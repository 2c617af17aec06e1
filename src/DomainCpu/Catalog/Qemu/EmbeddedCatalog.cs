namespace DomainCpu.Catalog.Qemu;

/// <summary>The catalog shipped inside the library (schemas/cpu-catalog.xml), read on first use, once, thread-safely.</summary>
public static class EmbeddedCatalog
{
    /// <summary>The resource name of the embedded catalog.</summary>
    public const string ResourceName = "DomainCpu.Catalog.cpu-catalog.xml";

    private static readonly Lazy<QemuCatalog> Catalog = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The QEMU catalog.</summary>
    public static QemuCatalog Qemu => Catalog.Value;

    /// <summary>Reads the embedded catalog afresh (for benchmarks and tests; use <see cref="Qemu"/> otherwise).</summary>
    public static QemuCatalog Load()
    {
        using var stream = typeof(EmbeddedCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the library was built without {ResourceName}");
        return QemuCatalogReader.Read(stream, "cpu-catalog.xml");
    }
}

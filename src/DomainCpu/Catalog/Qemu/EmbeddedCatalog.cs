namespace DomainCpu.Catalog.Qemu;

/// <summary>The QEMU catalogs shipped inside the library (schemas/cpu-catalog.xml), each read on first use, once,
/// thread-safely.</summary>
public static class EmbeddedCatalog
{
    /// <summary>The resource name of the embedded catalog.</summary>
    public const string ResourceName = "DomainCpu.Catalog.cpu-catalog.xml";

    private static readonly Lazy<QemuCatalog> Catalog = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The QEMU releases a catalog is embedded for, oldest first (packed as libvirt does: 7.2.0 → 7002000).</summary>
    public static IReadOnlyList<ulong> Versions { get; } = [7_002_000];

    /// <summary>The QEMU catalog of the oldest embedded release (QEMU 7.2).</summary>
    public static QemuCatalog Qemu => Catalog.Value;

    /// <summary>The catalog for a QEMU release: that release's, else the newest embedded release before it, else the
    /// oldest one.</summary>
    /// <param name="packedVersion">The QEMU release, packed (10.0.0 → 10000000).</param>
    public static QemuCatalog For(ulong packedVersion) => Qemu;

    /// <summary>The embedded release <see cref="For"/> answers with.</summary>
    /// <param name="packedVersion">The QEMU release, packed.</param>
    public static ulong VersionFor(ulong packedVersion) =>
        Versions.LastOrDefault(v => v <= packedVersion) is var v && v != 0 ? v : Versions[0];

    /// <summary>Reads the embedded catalog afresh (for benchmarks and tests; use <see cref="Qemu"/> otherwise).</summary>
    public static QemuCatalog Load()
    {
        using var stream = typeof(EmbeddedCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the library was built without {ResourceName}");
        return QemuCatalogReader.Read(stream, "cpu-catalog.xml");
    }
}

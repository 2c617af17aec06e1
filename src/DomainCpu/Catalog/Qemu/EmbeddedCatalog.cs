using System.Collections.Concurrent;

namespace DomainCpu.Catalog.Qemu;

/// <summary>The QEMU catalogs shipped inside the library (schemas/cpu-catalog.xml: QEMU 7.2, 10.0 and 11.1 over one
/// feature table), each release read on first use, once, thread-safely.</summary>
internal static class EmbeddedCatalog
{
    /// <summary>The resource name of the embedded catalog.</summary>
    public const string ResourceName = "DomainCpu.Catalog.cpu-catalog.xml";

    private const string FileName = "cpu-catalog.xml";

    private static readonly Lazy<IReadOnlyList<string>> FullVersions = new(
        () => Use(s => QemuCatalogReader.Releases(s, FileName)), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<IReadOnlyList<ulong>> Packed = new(
        () => FullVersions.Value.Select(PackRelease).ToList(), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly ConcurrentDictionary<ulong, Lazy<QemuCatalog>> Catalogs = new();

    /// <summary>The QEMU releases a catalog is embedded for, oldest first, packed as libvirt packs versions with the
    /// micro number left out (7.2 → 7002000, 10.0 → 10000000).</summary>
    public static IReadOnlyList<ulong> Versions => Packed.Value;

    /// <summary>The QEMU version each embedded catalog was generated from (7.2.22, 10.0.13, …), in the order of
    /// <see cref="Versions"/>.</summary>
    public static IReadOnlyList<string> QemuVersions => FullVersions.Value;

    /// <summary>The QEMU catalog of the oldest embedded release (QEMU 7.2).</summary>
    public static QemuCatalog Qemu => For(Versions[0]);

    /// <summary>The catalog for a QEMU release: that release's, else the newest embedded release before it, else the
    /// oldest one.</summary>
    /// <param name="packedVersion">The QEMU release, packed (10.0.0 → 10000000).</param>
    public static QemuCatalog For(ulong packedVersion) =>
        Catalogs.GetOrAdd(VersionFor(packedVersion), v => new Lazy<QemuCatalog>(() => Load(v), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>The embedded release <see cref="For"/> answers with.</summary>
    /// <param name="packedVersion">The QEMU release, packed.</param>
    public static ulong VersionFor(ulong packedVersion) =>
        Versions.LastOrDefault(v => v <= packedVersion) is var v && v != 0 ? v : Versions[0];

    /// <summary>Reads the oldest embedded catalog afresh (for benchmarks and tests; use <see cref="Qemu"/> otherwise).</summary>
    public static QemuCatalog Load() => Load(Versions[0]);

    /// <summary>Reads the embedded catalog of a release afresh (for benchmarks and tests; use <see cref="For"/>
    /// otherwise).</summary>
    /// <param name="packedVersion">The QEMU release, packed; answered as <see cref="For"/> does.</param>
    public static QemuCatalog Load(ulong packedVersion)
    {
        var release = VersionFor(packedVersion);
        return Use(s => QemuCatalogReader.Read(s, FileName, $"{release / 1_000_000}.{release / 1_000 % 1_000}"));
    }

    private static T Use<T>(Func<Stream, T> read)
    {
        using var stream = typeof(EmbeddedCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the library was built without {ResourceName}");
        return read(stream);
    }

    private static ulong PackRelease(string version) =>
        QemuCatalogReader.MajorMinor(version) is { } mm
            ? (ulong)mm.Major * 1_000_000 + (ulong)mm.Minor * 1_000
            : throw new InvalidOperationException($"{ResourceName}: '{version}' is not a QEMU release");
}

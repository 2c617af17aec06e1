using BenchmarkDotNet.Attributes;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.Benchmarks;

/// <summary>Reading one QEMU release's catalog from the embedded file (the cost the first catalog use pays; the budget is
/// 2 ms). A release stores its models as changes to the release before, so 11.1 reads the most.</summary>
[MemoryDiagnoser]
public class CatalogLoadBenchmarks
{
    private QemuCatalog _catalog = null!;

    /// <summary>The QEMU release loaded.</summary>
    [Params("7.2", "10.0", "11.1")]
    public string Release { get; set; } = "7.2";

    private ulong Packed => Pack(Release);

    /// <summary>A release number packed as the catalog API takes it (10.0 → 10000000).</summary>
    public static ulong Pack(string release) =>
        ulong.Parse(release.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture) * 1_000_000 +
        ulong.Parse(release.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture) * 1_000;

    [GlobalSetup]
    public void Setup() => _catalog = EmbeddedCatalog.Load(Packed);

    /// <summary>Parse the embedded XML into the release's catalog.</summary>
    [Benchmark]
    public QemuCatalog Load() => EmbeddedCatalog.Load(Packed);

    /// <summary>The floor: walk the whole embedded XML and touch every attribute, building nothing.</summary>
    [Benchmark]
    public int ReadXmlOnly()
    {
        using var stream = typeof(EmbeddedCatalog).Assembly.GetManifestResourceStream(EmbeddedCatalog.ResourceName)!;
        using var r = System.Xml.XmlReader.Create(stream, new System.Xml.XmlReaderSettings { IgnoreWhitespace = true, IgnoreComments = true });
        var n = 0;
        while (r.Read())
        {
            if (r.NodeType != System.Xml.XmlNodeType.Element) continue;
            while (r.MoveToNextAttribute()) n += r.Value.Length;
        }
        return n;
    }

    /// <summary>Resolve and expand a model under an old machine type (the common query after loading).</summary>
    [Benchmark]
    public object? ExpandHaswellOnOldMachine() => _catalog.Expand("Haswell", _catalog.FindMachine("pc-i440fx-5.2")!);
}

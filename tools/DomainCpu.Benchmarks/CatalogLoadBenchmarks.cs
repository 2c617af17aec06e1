using BenchmarkDotNet.Attributes;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.Benchmarks;

/// <summary>Reading the embedded QEMU catalog (the cost the first catalog use pays; the budget is 2 ms).</summary>
[MemoryDiagnoser]
public class CatalogLoadBenchmarks
{
    private QemuCatalog _catalog = null!;

    [GlobalSetup]
    public void Setup() => _catalog = EmbeddedCatalog.Load();

    /// <summary>Parse the embedded XML into a catalog.</summary>
    [Benchmark]
    public QemuCatalog Load() => EmbeddedCatalog.Load();

    /// <summary>The floor: walk the embedded XML and touch every attribute, building nothing.</summary>
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
    public QemuExpansion? ExpandHaswellOnOldMachine() => _catalog.Expand("Haswell", _catalog.FindMachine("pc-i440fx-2.12")!);
}

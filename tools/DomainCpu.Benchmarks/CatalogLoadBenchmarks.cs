using BenchmarkDotNet.Attributes;
using DomainCpu.Catalog;

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

    /// <summary>Resolve and expand a model under an old machine type (the common query after loading).</summary>
    [Benchmark]
    public QemuExpansion? ExpandHaswellOnOldMachine() => _catalog.Expand("Haswell", _catalog.FindMachine("pc-i440fx-2.12")!);
}

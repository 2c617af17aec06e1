using BenchmarkDotNet.Attributes;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Libvirt;

namespace DomainCpu.Benchmarks;

/// <summary>Reading a libvirt cpu_map directory of each release in the corpus (DOMAINCPU_CORPUS): libvirt 9.0's 83
/// files, 11.3's 178 and 12.8's 205. <c>--cpu-map</c> pays this once per process.</summary>
[MemoryDiagnoser]
public class CpuMapLoadBenchmarks
{
    private Dictionary<string, byte[]> _files = null!;

    [Params("libvirt-9.0", "libvirt-11.3", "libvirt-12.8")]
    public string Release { get; set; } = "libvirt-12.8";

    /// <summary>The release's cpu_map directory.</summary>
    public string Directory => Path.Combine(
        Environment.GetEnvironmentVariable("DOMAINCPU_CORPUS") ?? throw new InvalidOperationException("set DOMAINCPU_CORPUS to the corpus"),
        Release, "cpu_map");

    [GlobalSetup]
    public void Setup() =>
        _files = System.IO.Directory.GetFiles(Directory).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    /// <summary>What <c>--cpu-map DIR</c> does: read the files and build the catalog.</summary>
    [Benchmark]
    public CpuCatalog LoadDirectory() => LibvirtCpuMap.LoadDirectory(Directory);

    /// <summary>The same from bytes already in memory: the parse and build cost alone.</summary>
    [Benchmark]
    public CpuCatalog LoadFromMemory() => LibvirtCpuMap.Load(name => _files.GetValueOrDefault(name));
}

/// <summary>Reading one libvirt release's models from the embedded table (what a target without a cpu_map directory
/// pays once per process), beside the cost of its cpu_map directory above.</summary>
[MemoryDiagnoser]
public class EmbeddedCpuMapLoadBenchmarks
{
    /// <summary>The libvirt release loaded.</summary>
    [Params("9.0", "11.3", "12.8")]
    public string Release { get; set; } = "12.8";

    /// <summary>Parse the release's part of the embedded table into its catalog.</summary>
    [Benchmark]
    public CpuCatalog Load() => EmbeddedCpuMaps.Load(Release);
}

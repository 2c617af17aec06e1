using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Model;
using DomainCpu.X86;
using DomainCpu.Xml;

namespace DomainCpu.Benchmarks;

/// <summary>
/// Fleet-scale reading, baseline and compare on pools built from libvirt's real host CPUs by
/// tools/bench/make-host-pools.py: hosts.xml (10,000 host CPUs in one file) and caps/ (10,000 capabilities
/// documents). DOMAINCPU_POOL_DIR names the script's output; without it, the script is run on DOMAINCPU_CORPUS into
/// a temporary folder. The catalog is libvirt's cpu_map (DOMAINCPU_CPU_MAP, else the corpus' libvirt 9.0 map), as the
/// hosts name libvirt's models. Each step of the pipeline has its own benchmark, so the cost splits into scanning the
/// XML, making the CPU definitions, the feature bits of the baseline, and file I/O.
/// </summary>
[MemoryDiagnoser]
public class FleetBenchmarks
{
    private CpuCatalog _catalog = null!;
    private byte[] _hostsFile = null!;
    private byte[][] _capsDocuments = null!;
    private byte[][] _distinctCapsDocuments = null!;
    private string[] _capsFiles = null!;
    private PreparedCpu _guest = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = PoolDir();
        _hostsFile = File.ReadAllBytes(Path.Combine(dir, "hosts.xml"));
        _capsFiles = Directory.GetFiles(Path.Combine(dir, "caps"), "*.xml").Order(StringComparer.Ordinal).ToArray();
        _capsDocuments = _capsFiles.Select(File.ReadAllBytes).ToArray();
        _distinctCapsDocuments = _capsDocuments.Select(Distinct).ToArray();
        var corpus = Environment.GetEnvironmentVariable("DOMAINCPU_CORPUS");
        var map = Environment.GetEnvironmentVariable("DOMAINCPU_CPU_MAP")
            ?? (corpus is null ? "/usr/share/libvirt/cpu_map" : Path.Combine(corpus, "libvirt-9.0", "cpu_map"));
        _catalog = LibvirtCpuMap.LoadDirectory(map);
        _guest = Comparer.Prepare(_catalog, new CpuDefinition
        {
            Model = new CpuModelName("Haswell-noTSX"),
            Features = [new CpuFeature("vmx", FeaturePolicy.Require), new CpuFeature("invtsc", FeaturePolicy.Disable)],
        });
    }

    /// <summary>The bytes of hosts.xml in tokens, nothing built: the XML scanner alone.</summary>
    [Benchmark]
    public int ScanHostsFile()
    {
        using var scanner = new PlainXmlScanner(InputLimits.Default, long.MaxValue);
        scanner.Reset(new MemoryStream(_hostsFile, writable: false));
        var tokens = 0;
        while (scanner.Next() is not (PlainXmlToken.EndOfInput or PlainXmlToken.Unsupported)) tokens++;
        return tokens;
    }

    /// <summary>The host CPUs of hosts.xml as definitions.</summary>
    [Benchmark]
    public int ReadHostsFile()
    {
        using var reader = new HostCpuPoolReader();
        reader.Start(new MemoryStream(_hostsFile, writable: false));
        var n = 0;
        while (reader.Read(out _, out _)) n++;
        return n;
    }

    /// <summary>The baseline of hosts.xml (read, feature bits, intersection, decode).</summary>
    [Benchmark]
    public CpuDefinition BaselineHostsFile()
    {
        using var reader = new HostCpuPoolReader();
        reader.Start(new MemoryStream(_hostsFile, writable: false));
        var builder = new BaselineBuilder(_catalog);
        while (reader.Read(out var cpu, out _)) builder.Add(cpu);
        return builder.Build();
    }

    /// <summary>The bytes of the capabilities documents in tokens, already in memory: the XML scanner alone.</summary>
    [Benchmark]
    public int ScanCapsInMemory()
    {
        using var scanner = new PlainXmlScanner(InputLimits.Default, long.MaxValue);
        var tokens = 0;
        foreach (var doc in _capsDocuments)
        {
            scanner.Reset(new MemoryStream(doc, writable: false));
            while (scanner.Next() is not (PlainXmlToken.EndOfInput or PlainXmlToken.Unsupported)) tokens++;
        }
        return tokens;
    }

    /// <summary>The host CPUs of the capabilities documents, already in memory (no file I/O).</summary>
    [Benchmark]
    public int ReadCapsInMemory()
    {
        using var reader = new HostCpuPoolReader();
        var n = 0;
        foreach (var doc in _capsDocuments)
        {
            reader.Start(new MemoryStream(doc, writable: false));
            while (reader.Read(out _, out _)) n++;
        }
        return n;
    }

    /// <summary>The host CPUs of the capabilities documents made all different (a comment naming the document at the
    /// start of every part the reader skips), already in memory: the worst case of the reader's checked elements,
    /// which then never meets the same bytes twice.</summary>
    [Benchmark]
    public int ReadDistinctCapsInMemory()
    {
        using var reader = new HostCpuPoolReader();
        var n = 0;
        foreach (var doc in _distinctCapsDocuments)
        {
            reader.Start(new MemoryStream(doc, writable: false));
            while (reader.Read(out _, out _)) n++;
        }
        return n;
    }

    private static int _distinctCount;

    private static byte[] Distinct(byte[] document)
    {
        var text = System.Text.Encoding.UTF8.GetString(document);
        var mark = $"<!--{++_distinctCount}-->";
        foreach (var tag in new[] { "\n  <guest>", "\n    <topology>", "\n    <secmodel>", "\n    <cache>", "\n    <power_management>", "\n    <migration_features>" })
        {
            text = text.Replace(tag, tag + mark);
        }
        return System.Text.Encoding.UTF8.GetBytes(text);
    }

    /// <summary>The baseline of the capabilities documents, read from their files.</summary>
    [Benchmark]
    public CpuDefinition BaselineCapsFiles()
    {
        using var reader = new HostCpuPoolReader();
        var builder = new BaselineBuilder(_catalog);
        foreach (var file in _capsFiles)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            reader.Start(stream);
            while (reader.Read(out var cpu, out _)) builder.Add(cpu);
        }
        return builder.Build();
    }

    /// <summary>A guest compared with every host of the capabilities documents, read from their files.</summary>
    [Benchmark]
    public int CompareCapsFiles()
    {
        using var reader = new HostCpuPoolReader();
        var runnable = 0;
        foreach (var file in _capsFiles)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            reader.Start(stream);
            while (reader.Read(out var cpu, out _))
            {
                if (Comparer.Compare(_catalog, cpu, _guest).Result != CompareVerdict.Incompatible) runnable++;
            }
        }
        return runnable;
    }

    /// <summary>The named steps, for the quick mode.</summary>
    public IEnumerable<(string Name, Action Run)> Steps() =>
    [
        ("ScanHostsFile", () => ScanHostsFile()),
        ("ReadHostsFile", () => ReadHostsFile()),
        ("BaselineHostsFile", () => BaselineHostsFile()),
        ("ScanCapsInMemory", () => ScanCapsInMemory()),
        ("ReadCapsInMemory", () => ReadCapsInMemory()),
        ("ReadDistinctCapsInMemory", () => ReadDistinctCapsInMemory()),
        ("BaselineCapsFiles", () => BaselineCapsFiles()),
        ("CompareCapsFiles", () => CompareCapsFiles()),
    ];

    /// <summary>The byte counts the steps read, to turn times into throughput.</summary>
    public (long HostsFile, long Caps) Sizes => (_hostsFile.LongLength, _capsDocuments.Sum(d => (long)d.Length));

    private static string PoolDir()
    {
        if (Environment.GetEnvironmentVariable("DOMAINCPU_POOL_DIR") is { Length: > 0 } dir) return dir;
        var corpus = Environment.GetEnvironmentVariable("DOMAINCPU_CORPUS")
            ?? throw new InvalidOperationException("set DOMAINCPU_POOL_DIR (tools/bench/make-host-pools.py output) or DOMAINCPU_CORPUS");
        var outDir = Path.Combine(Path.GetTempPath(), "domaincpu-fleet-pools");
        if (!File.Exists(Path.Combine(outDir, "hosts.xml")))
        {
            var script = Path.Combine(BenchmarkFiles.RepositoryRoot(), "tools", "bench", "make-host-pools.py");
            using var p = Process.Start("python3", [script, corpus, outDir])!;
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{script} failed ({p.ExitCode})");
        }
        return outDir;
    }
}

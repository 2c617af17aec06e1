using BenchmarkDotNet.Attributes;
using DomainCpu.Schema;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Benchmarks;

/// <summary>
/// In-process validation of a set of domain files, as one <c>domaincpu validate</c> process does it after
/// start-up. The files: every <c>*.xml</c> of the folder in DOMAINCPU_VALIDATE_DIR (libvirt's
/// tests/qemuxml2argvdata, say), else the corpus' xml2argv domains (DOMAINCPU_CORPUS), else testdata/validate.
/// </summary>
[MemoryDiagnoser]
public class ValidateBenchmarks
{
    private byte[][] _files = [];
    private DomainDocument[] _docs = [];

    /// <summary>The files, their count in the benchmark's name.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _files = BenchmarkFiles.DomainFiles().Select(File.ReadAllBytes).ToArray();
        _docs = _files.Select((b, i) => TryLoad(b, i)).OfType<DomainDocument>().ToArray();
        Console.WriteLine($"// {_files.Length} domain files, {_docs.Length} well-formed");
    }

    /// <summary>Read and validate every file from its bytes, as <c>validate FILE…</c> does per file (only the parts
    /// of a domain validation looks at are built).</summary>
    [Benchmark(Baseline = true)]
    public int ValidateBytes()
    {
        var n = 0;
        for (var i = 0; i < _files.Length; i++)
        {
            try
            {
                n += Validator.Validate(_files[i], $"file{i}.xml").Count;
            }
            catch (DomainCpuException)
            {
                n++;
            }
        }
        return n;
    }

    /// <summary>Load every file as a whole <see cref="DomainDocument"/> and validate that (the library's other way).</summary>
    [Benchmark]
    public int LoadAndValidate()
    {
        var n = 0;
        for (var i = 0; i < _files.Length; i++)
        {
            if (TryLoad(_files[i], i) is { } doc) n += Validator.Validate(doc).Count;
        }
        return n;
    }

    /// <summary>Only parse (the part of <see cref="LoadAndValidate"/> that is not validation).</summary>
    [Benchmark]
    public int LoadOnly()
    {
        var n = 0;
        for (var i = 0; i < _files.Length; i++) n += TryLoad(_files[i], i) is null ? 0 : 1;
        return n;
    }

    /// <summary>Only validate already parsed documents (XSD and rules).</summary>
    [Benchmark]
    public int ValidateOnly()
    {
        var n = 0;
        foreach (var doc in _docs) n += Validator.Validate(doc).Count;
        return n;
    }

    private static DomainDocument? TryLoad(byte[] bytes, int i)
    {
        try
        {
            return DomainDocument.Load(bytes, $"file{i}.xml");
        }
        catch (DomainCpuException)
        {
            return null;
        }
    }
}

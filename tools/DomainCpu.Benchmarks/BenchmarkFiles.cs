namespace DomainCpu.Benchmarks;

/// <summary>Where the benchmarks find their input files.</summary>
internal static class BenchmarkFiles
{
    /// <summary>The domain files to validate: DOMAINCPU_VALIDATE_DIR/*.xml, else the corpus' libvirt-9.0/xml2argv/*.xml
    /// (DOMAINCPU_CORPUS), else the repository's testdata/validate/*/input.xml.</summary>
    public static IReadOnlyList<string> DomainFiles()
    {
        if (Environment.GetEnvironmentVariable("DOMAINCPU_VALIDATE_DIR") is { Length: > 0 } dir)
        {
            return Sorted(Directory.GetFiles(dir, "*.xml"));
        }
        if (Environment.GetEnvironmentVariable("DOMAINCPU_CORPUS") is { Length: > 0 } corpus)
        {
            return Sorted(Directory.GetFiles(Path.Combine(corpus, "libvirt-9.0", "xml2argv"), "*.xml"));
        }
        var testdata = Path.Combine(RepositoryRoot(), "testdata", "validate");
        return Sorted(Directory.GetDirectories(testdata).Select(d => Path.Combine(d, "input.xml")).Where(File.Exists));
    }

    private static string[] Sorted(IEnumerable<string> files) => files.Order(StringComparer.Ordinal).ToArray();

    public static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "DomainCpu.sln"))) return d.FullName;
        }
        throw new DirectoryNotFoundException("the repository root (with DomainCpu.sln) was not found above " + AppContext.BaseDirectory);
    }
}

namespace DomainCpu.Conformance.Support;

/// <summary>The repository the tests run from (the folder with DomainCpu.sln): where the committed schemas and generated
/// data files are.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DomainCpu.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no DomainCpu.sln above {AppContext.BaseDirectory}");
    }
}

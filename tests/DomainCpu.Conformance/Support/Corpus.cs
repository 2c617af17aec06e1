using NUnit.Framework;

namespace DomainCpu.Conformance.Support;

/// <summary>The shared conformance corpus, found through DOMAINCPU_CORPUS. Every test names the release folder it
/// checks (<see cref="Libvirt90"/>, <see cref="LiveQemu72"/>, <see cref="Release"/>): a folder holds one libvirt or
/// QEMU release's data, and only that release's oracle may judge it. A missing corpus or folder is a failure, never a
/// skip. Each case file has its reader (<see cref="CputestRow"/>, <see cref="XmlConfRow"/>, …).</summary>
public static class Corpus
{
    public static string Root
    {
        get
        {
            var (root, problem) = LocateRoot();
            if (problem is not null) Assert.Fail(problem);
            return root!;
        }
    }

    /// <summary>libvirt 9.0's test data (cputestdata, xml2argv, xml2xml, domaincaps, caps, schemas, cpu_map).</summary>
    public static string Libvirt90 => Release("libvirt-9.0");

    /// <summary>Live captures and oracle results of libvirt 9.0 with QEMU 7.2.</summary>
    public static string LiveQemu72 => Release("live-qemu-7.2");

    /// <summary>A release folder of the corpus; a failure when it is missing.</summary>
    public static string Release(string folder)
    {
        var (dir, problem) = Locate(folder);
        if (problem is not null) Assert.Fail(problem);
        return dir!;
    }

    /// <summary>A release folder of the corpus, or why there is none (for case sources, which build cases before any
    /// test runs and turn the reason into a failing case).</summary>
    public static (string? Dir, string? Problem) Locate(string folder)
    {
        var (root, problem) = LocateRoot();
        if (problem is not null) return (null, problem);
        var dir = Path.Combine(root!, folder);
        return Directory.Exists(dir) ? (dir, null) : (null, $"the corpus has no {folder} folder ({root})");
    }

    private static (string? Root, string? Problem) LocateRoot()
    {
        var dir = Environment.GetEnvironmentVariable("DOMAINCPU_CORPUS");
        return string.IsNullOrEmpty(dir) || !Directory.Exists(dir)
            ? (null, "DOMAINCPU_CORPUS is not set to the corpus folder (CI sets it to ../shared/corpus)")
            : (dir, null);
    }

}

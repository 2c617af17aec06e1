using NUnit.Framework;

namespace DomainCpu.Conformance.Support;

/// <summary>The shared conformance corpus, found through DOMAINCPU_CORPUS. Every test names the release folder it
/// checks (<see cref="Libvirt90"/>, <see cref="LiveQemu72"/>, …): a folder holds one libvirt or QEMU release's data,
/// and only that release's oracle may judge it. A missing corpus or folder is a failure, never a skip.</summary>
public static class Corpus
{
    public static string Root
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("DOMAINCPU_CORPUS");
            if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir))
            {
                Assert.Fail("DOMAINCPU_CORPUS is not set to the corpus folder (CI sets it to ../shared/corpus)");
            }
            return dir!;
        }
    }

    /// <summary>libvirt 9.0's test data (cputestdata, xml2argv, xml2xml, domaincaps, caps, schemas, cpu_map).</summary>
    public static string Libvirt90 => Release("libvirt-9.0");

    /// <summary>Live captures and oracle results of libvirt 9.0 with QEMU 7.2.</summary>
    public static string LiveQemu72 => Release("live-qemu-7.2");

    /// <summary>A release folder of the corpus; a failure when it is missing.</summary>
    public static string Release(string folder)
    {
        var dir = Path.Combine(Root, folder);
        if (!Directory.Exists(dir)) Assert.Fail($"the corpus has no {folder} folder ({Root})");
        return dir;
    }

    /// <summary>The rows of a CASES.tsv of libvirt 9.0's data (header and blank lines dropped).</summary>
    public static IReadOnlyList<string[]> Cases(string folder) =>
        File.ReadAllLines(Path.Combine(Libvirt90, folder, "CASES.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToList();
}

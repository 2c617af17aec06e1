using NUnit.Framework;

namespace DomainCpu.Conformance.Support;

/// <summary>The shared libvirt 9.0 / QEMU 7.2 corpus, found through DOMAINCPU_CORPUS. A missing corpus is a
/// failure, never a skip.</summary>
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

    public static string Libvirt => Path.Combine(Root, "libvirt-9.0");

    /// <summary>The rows of a CASES.tsv (header and blank lines dropped).</summary>
    public static IReadOnlyList<string[]> Cases(string folder) =>
        File.ReadAllLines(Path.Combine(Libvirt, folder, "CASES.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToList();
}

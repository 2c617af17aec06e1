using System.Text;
using System.Text.RegularExpressions;

namespace DomainCpu.Fuzz;

/// <summary>A seed input: its bytes, where it came from and what it is.</summary>
public sealed record Seed(string Name, byte[] Bytes, InputKind Kind);

/// <summary>
/// The seeds of a fuzz run: every XML (and QMP JSON) file under testdata/, plus the conformance corpus when
/// one is given. Ordered by name so a seed and a count always give the same inputs.
/// </summary>
public sealed partial class SeedCorpus
{
    private readonly Dictionary<InputKind, List<Seed>> _byKind = new();

    private SeedCorpus(IReadOnlyList<Seed> seeds, IReadOnlyList<string> cpuMapDirs)
    {
        All = seeds;
        CpuMapDirs = cpuMapDirs;
        foreach (var s in seeds)
        {
            if (!_byKind.TryGetValue(s.Kind, out var list)) _byKind[s.Kind] = list = new List<Seed>();
            list.Add(s);
        }
    }

    /// <summary>Every seed.</summary>
    public IReadOnlyList<Seed> All { get; }

    /// <summary>The cpu_map directory of each libvirt release in the corpus (<c>libvirt-X.Y/cpu_map</c>), oldest
    /// release first; empty without a corpus. Cases take them in turn, so every release's map is fuzzed.</summary>
    public IReadOnlyList<string> CpuMapDirs { get; }

    /// <summary>Whether there is a cpu_map to give <c>--cpu-map</c>.</summary>
    public bool HasCpuMap => CpuMapDirs.Count > 0;

    /// <summary>The cpu_map of the release whose turn case <paramref name="turn"/> is.</summary>
    public string CpuMapFor(int turn) => CpuMapDirs[turn % CpuMapDirs.Count];

    /// <summary>The seeds of a kind (empty when there are none).</summary>
    public IReadOnlyList<Seed> Of(InputKind kind) => _byKind.TryGetValue(kind, out var l) ? l : [];

    /// <summary>Loads the seeds of the repository at <paramref name="repoRoot"/> and of the corpus, if any.</summary>
    public static SeedCorpus Load(string repoRoot, string? corpusDir)
    {
        var seeds = new List<Seed>();
        AddTree(seeds, Path.Combine(repoRoot, "testdata"), "testdata");
        AddTree(seeds, Path.Combine(repoRoot, "samples"), "samples");
        IReadOnlyList<string> cpuMaps = [];
        if (!string.IsNullOrEmpty(corpusDir) && Directory.Exists(corpusDir))
        {
            AddTree(seeds, corpusDir, "corpus");
            cpuMaps = ReleaseCpuMaps(corpusDir);
        }
        seeds.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new SeedCorpus(seeds, cpuMaps);
    }

    /// <summary>The <c>libvirt-X.Y/cpu_map</c> folders of the corpus, ordered by release number (not by name: 11.3
    /// sorts before 9.0 as text).</summary>
    internal static IReadOnlyList<string> ReleaseCpuMaps(string corpusDir) =>
        Directory.GetDirectories(corpusDir, "libvirt-*")
            .Select(d => (Dir: Path.Combine(d, "cpu_map"), Release: Version.TryParse(Path.GetFileName(d)["libvirt-".Length..], out var v) ? v : null))
            .Where(m => m.Release is not null && File.Exists(Path.Combine(m.Dir, "index.xml")))
            .OrderBy(m => m.Release)
            .Select(m => m.Dir)
            .ToList();

    private static void AddTree(List<Seed> seeds, string dir, string label)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var ext = Path.GetExtension(f);
            if (ext is not (".xml" or ".json")) continue;
            // cpu_map files are read as a directory, not fed one by one; huge files only slow the run.
            if (f.Contains($"{Path.DirectorySeparatorChar}cpu_map{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            var info = new FileInfo(f);
            if (info.Length > 512 * 1024) continue;
            var bytes = File.ReadAllBytes(f);
            var name = label + "/" + Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/');
            seeds.Add(new Seed(name, bytes, ext == ".json" ? InputKind.Json : Classify(bytes)));
        }
    }

    [GeneratedRegex(@"<([A-Za-z_][\w.:-]*)[\s/>]", RegexOptions.CultureInvariant)]
    private static partial Regex FirstElement();

    /// <summary>The kind of an XML document, from the name of its first element.</summary>
    public static InputKind Classify(byte[] bytes)
    {
        var head = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
        // Skip the declaration, comments and processing instructions: the first real start tag names the root.
        head = Regex.Replace(head, @"<\?.*?\?>|<!--.*?-->", "", RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        var m = FirstElement().Match(head);
        return m.Success ? m.Groups[1].Value switch
        {
            "domain" => InputKind.Domain,
            "cpu" => head.Contains("<arch>", StringComparison.Ordinal) ? InputKind.HostCpu : InputKind.Cpu,
            "capabilities" => InputKind.Capabilities,
            "domainCapabilities" => InputKind.DomainCapabilities,
            "qemuCaps" => InputKind.QemuCaps,
            "cpuTest" => InputKind.CpuTest,
            "cpudata" => InputKind.CpuData,
            _ => InputKind.Other,
        } : InputKind.Other;
    }
}

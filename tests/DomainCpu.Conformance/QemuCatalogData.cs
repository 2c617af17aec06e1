using System.Text.Json;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>Each QEMU release's recorded CPU-model replies: QEMU 7.2's found through DOMAINCPU_QEMU_DATA (CI sets it
/// to ../shared/data/qemu-7.2), the newer releases' in the folders beside it (qemu-10.0, qemu-11.1). A missing folder
/// is a failure, never a skip.</summary>
public static class QemuCatalogData
{
    /// <summary>The QEMU releases the embedded catalog holds and the conformance suite checks.</summary>
    public static readonly string[] Releases = ["7.2", "10.0", "11.1"];

    public static string Root(string release)
    {
        var dir = Environment.GetEnvironmentVariable("DOMAINCPU_QEMU_DATA");
        if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir))
        {
            Assert.Fail("DOMAINCPU_QEMU_DATA is not set to the QEMU 7.2 data folder (CI sets it to ../shared/data/qemu-7.2)");
        }
        if (release == "7.2") return dir!;
        var sibling = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dir!).TrimEnd(Path.DirectorySeparatorChar))!, $"qemu-{release}");
        if (!Directory.Exists(sibling)) Assert.Fail($"no QEMU {release} data folder beside DOMAINCPU_QEMU_DATA ({sibling})");
        return sibling;
    }

    private static readonly Dictionary<string, JsonDocument> Cache = new(StringComparer.Ordinal);

    /// <summary>A file of QEMU 7.2's data.</summary>
    public static JsonElement Load(string file) => Load("7.2", file);

    /// <summary>A file of one release's data.</summary>
    public static JsonElement Load(string release, string file)
    {
        lock (Cache)
        {
            var key = release + "/" + file;
            if (!Cache.TryGetValue(key, out var doc))
            {
                Cache[key] = doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root(release), file)));
            }
            return doc.RootElement;
        }
    }

    /// <summary>The props of a recorded expansion reply, as text (true/false as on/off, numbers as digits).</summary>
    public static SortedDictionary<string, string> Props(JsonElement expansion)
    {
        var props = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in expansion.GetProperty("model").GetProperty("props").EnumerateObject()) props[p.Name] = Text(p.Value);
        return props;
    }

    public static string Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.True => "on",
        JsonValueKind.False => "off",
        JsonValueKind.String => v.GetString()!,
        _ => v.GetRawText(),
    };

    /// <summary>The CPU names that are catalog models (not base, host, max).</summary>
    public static readonly string[] SpecialNames = ["base", "host", "max"];
}

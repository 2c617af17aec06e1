using System.Text.Json;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>QEMU 7.2's recorded CPU-model replies, found through DOMAINCPU_QEMU_DATA (CI sets it to
/// ../shared/data/qemu-7.2). A missing folder is a failure, never a skip.</summary>
public static class QemuCatalogData
{
    public static string Root
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("DOMAINCPU_QEMU_DATA");
            if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir))
            {
                Assert.Fail("DOMAINCPU_QEMU_DATA is not set to the QEMU 7.2 data folder (CI sets it to ../shared/data/qemu-7.2)");
            }
            return dir!;
        }
    }

    private static readonly Dictionary<string, JsonDocument> Cache = new(StringComparer.Ordinal);

    public static JsonElement Load(string file)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(file, out var doc))
            {
                Cache[file] = doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, file)));
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

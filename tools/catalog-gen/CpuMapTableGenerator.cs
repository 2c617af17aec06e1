using DomainCpu.Catalog.Libvirt;

namespace DomainCpu.CatalogGen;

/// <summary>The options of <c>catalog-gen cpu-maps</c>.</summary>
/// <param name="Releases">Each libvirt release (<c>11.3</c>) with its cpu_map directory, in any order.</param>
/// <param name="Out">The output directory.</param>
internal sealed record CpuMapTableOptions(IReadOnlyList<(string Libvirt, string CpuMap)> Releases, string Out)
{
    public const string Usage =
        "usage: catalog-gen cpu-maps --out DIR (--cpu-map DIR --libvirt X.Y)...\n" +
        "  writes DIR/libvirt-cpu-map-X.Y.xml per release; each --cpu-map starts a release, --libvirt belongs to the last one";

    public static CpuMapTableOptions Parse(IReadOnlyList<string> args)
    {
        var releases = new List<(string? Libvirt, string CpuMap)>();
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--cpu-map": releases.Add((null, Value())); break;
                case "--libvirt":
                    if (releases.Count == 0) throw new ArgumentException("--libvirt comes after the --cpu-map of its release");
                    releases[^1] = (Value(), releases[^1].CpuMap);
                    break;
                case "--out": output = Value(); break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }
        if (releases.Count == 0) throw new ArgumentException("--cpu-map is required");
        return new CpuMapTableOptions(
            releases.Select(r => (r.Libvirt ?? throw new ArgumentException($"--libvirt is required for {r.CpuMap}"), r.CpuMap)).ToList(),
            output ?? throw new ArgumentException("--out is required"));
    }
}

/// <summary>Reads each release's cpu_map and writes its table; a table must give back its release's catalog exactly as
/// the cpu_map does.</summary>
internal static class CpuMapTableGenerator
{
    /// <summary>The file name of a release's table.</summary>
    public static string FileName(string libvirt) => $"libvirt-cpu-map-{libvirt}.xml";

    /// <summary>Each release's file name and bytes.</summary>
    public static IReadOnlyList<(string File, byte[] Bytes)> Run(CpuMapTableOptions options) =>
        options.Releases.Select(r =>
        {
            var models = LibvirtCpuMap.LoadDirectory(r.CpuMap);
            var bytes = CpuMapTableWriter.Write(r.Libvirt, models);
            var read = CpuMapTableReader.Read(new MemoryStream(bytes), "generated table", r.Libvirt);
            if (CpuCatalogDifference.Of(models, read) is { } difference)
            {
                throw new GeneratorException($"libvirt {r.Libvirt}: the table does not give back the cpu_map's models: {difference}");
            }
            return (FileName(r.Libvirt), bytes);
        }).ToList();
}

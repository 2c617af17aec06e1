using DomainCpu.Catalog;
using DomainCpu.Catalog.Libvirt;

namespace DomainCpu.CatalogGen;

/// <summary>The options of <c>catalog-gen cpu-maps</c>.</summary>
/// <param name="Releases">Each libvirt release (<c>11.3</c>) with its cpu_map directory, in any order.</param>
/// <param name="Out">The output file; null = standard output.</param>
internal sealed record CpuMapTableOptions(IReadOnlyList<(string Libvirt, string CpuMap)> Releases, string? Out)
{
    public const string Usage =
        "usage: catalog-gen cpu-maps [--out FILE] (--cpu-map DIR --libvirt X.Y)...\n" +
        "  each --cpu-map starts a libvirt release; --libvirt belongs to the last one";

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
            output);
    }
}

/// <summary>Reads each release's cpu_map and writes the table of all of them; the table must give back every release's
/// catalog exactly as its cpu_map does.</summary>
internal static class CpuMapTableGenerator
{
    public static byte[] Run(CpuMapTableOptions options)
    {
        var releases = options.Releases
            .Select(r => (r.Libvirt, Models: LibvirtCpuMap.LoadDirectory(r.CpuMap)))
            .OrderBy(r => Version.Parse(r.Libvirt))
            .ToList();
        var bytes = CpuMapTableWriter.Write(releases);
        foreach (var (libvirt, models) in releases)
        {
            var read = CpuMapTableReader.Read(new MemoryStream(bytes), "generated table", libvirt);
            if (CpuCatalogDifference.Of(models, read) is { } difference)
            {
                throw new GeneratorException($"libvirt {libvirt}: the table does not give back the cpu_map's models: {difference}");
            }
        }
        return bytes;
    }
}

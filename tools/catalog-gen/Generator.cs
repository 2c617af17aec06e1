using System.Globalization;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.CatalogGen;

/// <summary>One QEMU release to probe, and the libvirt whose feature table names its features (the libvirt shipped
/// beside it).</summary>
/// <param name="CpuMap">That libvirt's cpu_map directory (x86_features.xml and x86_vendors.xml).</param>
/// <param name="Libvirt">That libvirt's release (9.0).</param>
/// <param name="Qemu">The command that runs QEMU: the program, then arguments before QEMU's own.</param>
internal sealed record ReleaseSource(string CpuMap, string Libvirt, IReadOnlyList<string> Qemu);

/// <summary>The generator's options.</summary>
/// <param name="Releases">The QEMU releases, in any order.</param>
/// <param name="Out">The output file; null = standard output.</param>
/// <param name="Jobs">How many QEMU processes run at once.</param>
internal sealed record GeneratorOptions(IReadOnlyList<ReleaseSource> Releases, string? Out, int Jobs)
{
    public const string Usage =
        "usage: catalog-gen [--out FILE] [--jobs N] (--cpu-map DIR --libvirt X.Y [--qemu 'COMMAND'])...\n" +
        "  each --cpu-map starts a QEMU release; --libvirt and --qemu (default qemu-system-x86_64) belong to the last one";

    public static GeneratorOptions Parse(string[] args)
    {
        var releases = new List<(string CpuMap, string? Libvirt, string Qemu)>();
        string? output = null;
        var jobs = Math.Min(4, Environment.ProcessorCount);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            void Last(Func<(string, string?, string), (string, string?, string)> change, string option)
            {
                if (releases.Count == 0) throw new ArgumentException($"{option} comes after the --cpu-map of its release");
                releases[^1] = change(releases[^1]);
            }
            switch (args[i])
            {
                case "--cpu-map": releases.Add((Value(), null, "qemu-system-x86_64")); break;
                case "--libvirt": { var v = Value(); Last(x => (x.Item1, v, x.Item3), "--libvirt"); break; }
                case "--qemu": { var v = Value(); Last(x => (x.Item1, x.Item2, v), "--qemu"); break; }
                case "--out": output = Value(); break;
                case "--jobs": jobs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }
        if (releases.Count == 0) throw new ArgumentException("--cpu-map is required");
        return new GeneratorOptions(
            releases.Select(r => new ReleaseSource(
                r.CpuMap,
                r.Libvirt ?? throw new ArgumentException($"--libvirt is required for the release of {r.CpuMap}"),
                r.Qemu.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList(),
            output,
            jobs);
    }
}

/// <summary>Probes each QEMU, builds its catalog, checks it, and serialises all of them into one file; the file must
/// give back every catalog exactly as built.</summary>
internal static class Generator
{
    public static byte[] Run(GeneratorOptions options, TextWriter? log = null)
    {
        var optionNames = QemuOptionsProbe.HelpNames(options.Releases.Select(r => r.Qemu));
        var catalogs = options.Releases
            .Select(r => Build(r, options.Jobs, log).WithOptions(QemuOptionsProbe.Run(r.Qemu, optionNames, options.Jobs)))
            .OrderBy(c => QemuCatalogReader.MajorMinor(c.QemuVersion))
            .ToList();
        var bytes = CatalogXmlWriter.Write(catalogs);
        foreach (var built in catalogs)
        {
            var read = QemuCatalogReader.Read(new MemoryStream(bytes), "generated catalog", built.QemuVersion);
            if (CatalogDifference.Of(built, read) is { } difference)
            {
                throw new GeneratorException($"QEMU {built.QemuVersion}: the file does not give back the catalog as built: {difference}");
            }
        }
        return bytes;
    }

    private static QemuCatalog Build(ReleaseSource release, int jobs, TextWriter? log)
    {
        var map = CpuMapFeatures.ReadFeatures(release.CpuMap);
        var vendors = CpuMapFeatures.ReadVendors(release.CpuMap);
        var accelerators = AcceleratorDefaults.Read(Path.Combine(AppContext.BaseDirectory, "accelerator-defaults.txt"), "tcg");
        var probe = QemuProbe.Run(release.Qemu, jobs);
        foreach (var (machine, reason) in probe.Refused)
        {
            log?.WriteLine($"catalog-gen: QEMU {probe.QemuVersion}: machine type {machine} left out: {reason.Split('\n')[0]}");
        }
        var withCpu = probe.Machines.FirstOrDefault(m => m.IsDefault)?.Name ?? throw new GeneratorException($"QEMU {probe.QemuVersion}: no default machine type");
        return CatalogBuilder.Build(probe, map, vendors, accelerators, release.Libvirt,
            features => QemuProbe.ProbeOffers(release.Qemu, withCpu, features));
    }
}

namespace DomainCpu.CatalogGen;

/// <summary>The generator's options.</summary>
/// <param name="CpuMap">A libvirt cpu_map directory (for x86_features.xml and x86_vendors.xml).</param>
/// <param name="Qemu">The QEMU binary.</param>
/// <param name="Out">The output file; null = standard output.</param>
/// <param name="Jobs">How many QEMU processes run at once.</param>
internal sealed record GeneratorOptions(string CpuMap, string Qemu, string? Out, int Jobs)
{
    public static GeneratorOptions Parse(string[] args)
    {
        string? cpuMap = null, qemu = "qemu-system-x86_64", output = null;
        var jobs = Math.Min(4, Environment.ProcessorCount);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--cpu-map": cpuMap = Value(); break;
                case "--qemu": qemu = Value(); break;
                case "--out": output = Value(); break;
                case "--jobs": jobs = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }
        return new GeneratorOptions(cpuMap ?? throw new ArgumentException("--cpu-map is required"), qemu, output, jobs);
    }
}

/// <summary>Probes QEMU, builds the catalog and serialises it.</summary>
internal static class Generator
{
    public static byte[] Run(GeneratorOptions options)
    {
        var map = CpuMapFeatures.ReadFeatures(options.CpuMap);
        var vendors = CpuMapFeatures.ReadVendors(options.CpuMap);
        var accelerators = AcceleratorDefaults.Read(Path.Combine(AppContext.BaseDirectory, "accelerator-defaults.txt"), "tcg");
        var probe = QemuProbe.Run(options.Qemu, options.Jobs);
        var catalog = CatalogBuilder.Build(probe, map, vendors, accelerators);
        return CatalogXmlWriter.Write(catalog);
    }
}

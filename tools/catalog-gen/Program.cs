using DomainCpu.CatalogGen;

// catalog-gen [--out FILE] [--jobs N] (--cpu-map DIR --libvirt X.Y [--qemu 'COMMAND'])...
//   asks each QEMU (under TCG) for its CPU models on every machine type and writes one catalog file for all of them;
// catalog-gen cpu-maps [--out FILE] (--cpu-map DIR --libvirt X.Y)...
//   writes the table of each libvirt release's CPU models from its cpu_map.
var cpuMaps = args.Length > 0 && args[0] == "cpu-maps";
try
{
    byte[] bytes;
    string? output;
    if (cpuMaps)
    {
        var options = CpuMapTableOptions.Parse(args[1..]);
        (bytes, output) = (CpuMapTableGenerator.Run(options), options.Out);
    }
    else
    {
        var options = GeneratorOptions.Parse(args);
        (bytes, output) = (Generator.Run(options, Console.Error), options.Out);
    }
    if (output is null)
    {
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(bytes);
    }
    else
    {
        var temp = output + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, output, overwrite: true);
    }
    return 0;
}
catch (GeneratorException ex)
{
    Console.Error.WriteLine($"catalog-gen: {ex.Message}");
    return 1;
}
catch (DomainCpu.Diagnostics.DomainCpuException ex)
{
    Console.Error.WriteLine($"catalog-gen: {ex.Message}");
    return 1;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"catalog-gen: {ex.Message}");
    Console.Error.WriteLine(cpuMaps ? CpuMapTableOptions.Usage : GeneratorOptions.Usage);
    return 2;
}

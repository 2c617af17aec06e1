using DomainCpu.CatalogGen;

// catalog-gen [--out FILE] [--jobs N] (--cpu-map DIR --libvirt X.Y [--qemu 'COMMAND'])...
//   asks each QEMU (under TCG) for its CPU models on every machine type and writes one catalog file for all of them;
// catalog-gen cpu-maps --out DIR (--cpu-map DIR --libvirt X.Y)...
//   writes the table of each libvirt release's CPU models from its cpu_map (DIR/libvirt-cpu-map-X.Y.xml).
var cpuMaps = args.Length > 0 && args[0] == "cpu-maps";
try
{
    if (cpuMaps)
    {
        var options = CpuMapTableOptions.Parse(args[1..]);
        foreach (var (file, table) in CpuMapTableGenerator.Run(options)) WriteFile(Path.Combine(options.Out, file), table);
        return 0;
    }
    var qemu = GeneratorOptions.Parse(args);
    var bytes = Generator.Run(qemu, Console.Error);
    if (qemu.Out is null)
    {
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(bytes);
    }
    else
    {
        WriteFile(qemu.Out, bytes);
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

// Written whole or not at all: a temporary file renamed into place.
static void WriteFile(string path, byte[] bytes)
{
    var temp = path + ".tmp";
    File.WriteAllBytes(temp, bytes);
    File.Move(temp, path, overwrite: true);
}

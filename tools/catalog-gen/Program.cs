using DomainCpu.CatalogGen;

// catalog-gen [--out FILE] [--jobs N] (--cpu-map DIR --libvirt X.Y [--qemu 'COMMAND'])...
// Asks each QEMU (under TCG) for its CPU models on every machine type and writes one catalog file for all of them.
try
{
    var options = GeneratorOptions.Parse(args);
    var bytes = Generator.Run(options, Console.Error);
    if (options.Out is null)
    {
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(bytes);
    }
    else
    {
        var temp = options.Out + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, options.Out, overwrite: true);
    }
    return 0;
}
catch (GeneratorException ex)
{
    Console.Error.WriteLine($"catalog-gen: {ex.Message}");
    return 1;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"catalog-gen: {ex.Message}");
    Console.Error.WriteLine(GeneratorOptions.Usage);
    return 2;
}

using DomainCpu.CatalogGen;

// catalog-gen --cpu-map DIR [--qemu PATH] [--out FILE] [--jobs N]
// Asks QEMU (under TCG) for its CPU models on every machine type and writes the catalog XML.
try
{
    var options = GeneratorOptions.Parse(args);
    var bytes = Generator.Run(options);
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
    Console.Error.WriteLine("usage: catalog-gen --cpu-map DIR [--qemu PATH] [--out FILE] [--jobs N]");
    return 2;
}

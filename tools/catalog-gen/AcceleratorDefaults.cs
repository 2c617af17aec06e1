using DomainCpu.Catalog;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.CatalogGen;

/// <summary>Reads accelerator-defaults.txt: one line per accelerator, <c>name prop=value …</c>.</summary>
internal static class AcceleratorDefaults
{
    public static IReadOnlyList<QemuAccelerator> Read(string path, string probedUnder) =>
        File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(parts => new QemuAccelerator(parts[0], parts[0] == probedUnder, [.. parts.Skip(1).Select(Parse)]))
            .ToList();

    private static QemuPropOverride Parse(string setting)
    {
        var eq = setting.IndexOf('=');
        if (eq <= 0) throw new GeneratorException($"accelerator default '{setting}' is not prop=value");
        var value = setting[(eq + 1)..];
        var v = value switch
        {
            "on" => QemuPropValue.Of(true),
            "off" => QemuPropValue.Of(false),
            _ when long.TryParse(value, out var n) => QemuPropValue.Of(n),
            _ => QemuPropValue.Of(value),
        };
        return new QemuPropOverride(setting[..eq], v, []);
    }
}

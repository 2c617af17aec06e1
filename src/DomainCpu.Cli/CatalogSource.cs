using DomainCpu.Catalog;
using DomainCpu.Xml;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;

namespace DomainCpu.Cli;

/// <summary>The CPU catalog a command works with: a libvirt cpu_map directory given with <c>--cpu-map</c>, else the
/// catalog embedded in the library (generated from QEMU).</summary>
internal static class CatalogSource
{
    public static CpuCatalog Load(string? cpuMap)
    {
        if (cpuMap is null) return EmbeddedCpuCatalog.Default;
        if (!Directory.Exists(cpuMap)) throw new CliUsageException($"{cpuMap}: no such directory");
        if (!File.Exists(Path.Combine(cpuMap, "index.xml"))) throw new CliUsageException($"{cpuMap}: not a cpu_map directory (no index.xml)");
        try
        {
            return LibvirtCpuMap.LoadDirectory(cpuMap);
        }
        catch (DomainCpuException ex)
        {
            throw new CliUsageException($"invalid CPU map: {ex.Diagnostic}");
        }
    }
}

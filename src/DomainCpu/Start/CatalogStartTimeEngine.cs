using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.Diagnostics;
using DomainCpu.X86;

namespace DomainCpu.Start;

/// <summary>The start-time update with the x86 CPU engine over a CPU catalog (libvirt's cpu_map): feature
/// names, check='partial', update (host-model, minimum, optional, removed features) and translation.</summary>
/// <param name="catalog">The CPU catalog.</param>
/// <param name="file">The file name for findings.</param>
/// <param name="at">Where the domain's CPU is.</param>
public sealed class CatalogStartTimeEngine(CpuCatalog catalog, string file, SourcePosition at) : IStartTimeCpuEngine
{
    /// <inheritdoc />
    public bool? IsKnownFeature(string name) => catalog.FindFeature(name) is not null;

    /// <inheritdoc />
    public void CheckPartial(CpuDefinition guest, CpuDefinition? fullHost)
    {
        if (fullHost is null) return;
        var r = Run(() => Comparer.Compare(catalog, fullHost, guest));
        if (r.Result == CompareVerdict.Incompatible)
        {
            throw DomainCpuException.At(file, at, Diagnoses.IncompatibleWithHost(r.Reason));
        }
    }

    /// <inheritdoc />
    public CpuDefinition Update(CpuDefinition guest, CpuDefinition? migratableHost) =>
        Run(() => X86Update.Update(catalog, guest, migratableHost));

    /// <inheritdoc />
    public CpuDefinition Translate(CpuDefinition guest, IReadOnlyCollection<string> qemuModels) =>
        Run(() => X86Translate.Translate(catalog, guest, qemuModels.Select(m => new AllowedModel(m)).ToList()));

    private T Run<T>(Func<T> f) => DomainCpuException.Locate(file, at, f);
}

using DomainCpu.Model;
using DomainCpu.Diagnostics;

namespace DomainCpu.Start;

/// <summary>
/// The start-time update without a CPU catalog: exact custom CPUs only (no host-model, no match='minimum',
/// no optional features, no translation), with the removed features of libvirt 9.0's x86 models added as
/// disabled. Anything needing the catalog is refused with a clear reason instead of guessed.
/// </summary>
public sealed class LimitedStartTimeEngine(string file, SourcePosition at) : IStartTimeCpuEngine
{
    /// <inheritdoc />
    public bool? IsKnownFeature(string name) => null;

    /// <inheritdoc />
    public void CheckPartial(CpuDefinition guest, CpuDefinition? fullHost)
    {
    }

    /// <inheritdoc />
    public CpuDefinition Update(CpuDefinition guest, CpuDefinition? migratableHost)
    {
        if (guest.Mode == CpuMode.HostModel || guest.Match == CpuMatch.Minimum || guest.Features.Any(f => f.Policy == FeaturePolicy.Optional))
        {
            throw Unavailable("expanding host-model, match='minimum' and optional features");
        }
        if (guest.ModelName is not { } model) return guest;
        var features = guest.Features;
        foreach (var name in X86.LibvirtRemovedFeatures.Of(model))
        {
            if (guest.FindFeature(name) is null) features = features.Add(new CpuFeature(name, FeaturePolicy.Disable));
        }
        return guest with { Features = features };
    }

    /// <inheritdoc />
    public CpuDefinition Translate(CpuDefinition guest, IReadOnlyCollection<string> qemuModels) =>
        throw Unavailable($"translating CPU model {guest.ModelName} to a model QEMU offers");

    private DomainCpuException Unavailable(string what) =>
        DomainCpuException.At(file, at, Diagnoses.CatalogNeeded(what));
}

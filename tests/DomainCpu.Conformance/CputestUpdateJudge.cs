using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.X86;
using DomainCpu.Xml;

namespace DomainCpu.Conformance;

/// <summary>How libvirt's cputest judges an updated CPU, shared by the cputest kinds of every release.</summary>
internal static class CputestUpdateJudge
{
    /// <summary>The CPU with libvirt's defaults filled in (match exact, fallback allow), as libvirt compares them.</summary>
    public static CpuDefinition? WithDefaults(byte[] bytes, string file) =>
        DomainDocument.Load(bytes, file).ReadCpu() is { } cpu
            ? cpu with
            {
                Match = cpu.Match ?? CpuMatch.Exact,
                Model = cpu.Model is null ? null : cpu.Model with { Fallback = cpu.Model.Fallback ?? CpuFallback.Allow },
            }
            : null;

    /// <summary>libvirt's cpuTestUpdateLiveCompare: both CPUs expanded with the catalog, the same model, and the same
    /// required features (a feature only the actual CPU disables is fine); null when they agree.</summary>
    public static string? RequiredFeatureMiss(CpuCatalog catalog, CpuDefinition expected, CpuDefinition actual)
    {
        var want = X86ExpandFeatures.Expand(catalog, expected);
        var got = X86ExpandFeatures.Expand(catalog, actual);
        if (want.ModelName != got.ModelName) return $"model {got.ModelName}, libvirt {want.ModelName}";
        var have = got.Features.Where(f => f.Policy == FeaturePolicy.Require).Select(f => f.Name).ToHashSet();
        var need = want.Features.Where(f => f.Policy == FeaturePolicy.Require).Select(f => f.Name).ToHashSet();
        var extra = have.Except(need).Order(StringComparer.Ordinal).ToList();
        var missing = need.Except(have).Order(StringComparer.Ordinal).ToList();
        return extra.Count + missing.Count == 0 ? null : $"extra {string.Join(",", extra)}; missing {string.Join(",", missing)}";
    }
}

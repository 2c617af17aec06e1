using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Model;

namespace DomainCpu.Compat;

/// <summary>
/// Compares a CPU with a host CPU the way libvirt's x86 driver does (SPEC §3.2, §7.2), and says which features
/// decide the verdict.
/// </summary>
public static class Comparer
{
    private static readonly string[] X86Arches = { "i686", "x86_64" };

    /// <summary>Compares <paramref name="cpu"/> (guest or host) with <paramref name="host"/>.</summary>
    /// <exception cref="CpuOperationException">The CPU or the host names an unknown model or feature (libvirt's ERROR).</exception>
    public static CompareResult Compare(CpuCatalog catalog, CpuDefinition? host, CpuDefinition cpu)
    {
        if (host?.ModelName is null) return Incompatible("unknown host CPU");
        if (cpu.Arch is { } arch && !X86Arches.Contains(arch)) return Incompatible($"CPU arch {arch} does not match host arch");
        if (cpu.Vendor is { } vendor && host.Vendor != vendor)
        {
            return Incompatible($"host CPU vendor does not match required CPU vendor {vendor}");
        }

        var h = X86ModelData.All(catalog, host).Data;
        var force = X86ModelData.WithPolicy(catalog, cpu, FeaturePolicy.Force).Data;
        var require = X86ModelData.WithPolicy(catalog, cpu, FeaturePolicy.Require).Data;
        var optional = X86ModelData.WithPolicy(catalog, cpu, FeaturePolicy.Optional).Data;
        var disable = X86ModelData.WithPolicy(catalog, cpu, FeaturePolicy.Disable).Data;
        var forbid = X86ModelData.WithPolicy(catalog, cpu, FeaturePolicy.Forbid).Data;

        var forbidden = forbid.Intersect(h);
        if (!forbidden.IsEmpty)
        {
            var names = Names(catalog, forbidden);
            return new CompareResult(CompareVerdict.Incompatible, ImmutableArray<string>.Empty, names,
                $"Host CPU provides forbidden features: {string.Join(", ", names)}");
        }

        require = require.Except(force).Except(optional).Except(disable);
        if (!h.Contains(require))
        {
            var names = Names(catalog, require.Except(h));
            return new CompareResult(CompareVerdict.Incompatible, names, ImmutableArray<string>.Empty,
                $"Host CPU does not provide required features: {string.Join(", ", names)}");
        }

        var diff = h.Except(optional).Except(require).Except(disable).Except(force);
        if (diff.IsEmpty)
        {
            return new CompareResult(CompareVerdict.Identical, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty,
                "The host CPU provides exactly the features the CPU describes");
        }
        var extra = Names(catalog, diff);
        if (cpu.Type == CpuType.Guest && cpu.Match == CpuMatch.Strict)
        {
            return new CompareResult(CompareVerdict.Incompatible, ImmutableArray<string>.Empty, extra,
                $"Host CPU does not strictly match guest CPU: Extra features: {string.Join(", ", extra)}");
        }
        var listed = extra.IsEmpty ? "bits no catalog feature names" : string.Join(", ", extra);
        return new CompareResult(CompareVerdict.Superset, ImmutableArray<string>.Empty, extra,
            $"The host CPU provides every feature the CPU requires, and more: {listed}");
    }

    private static ImmutableArray<string> Names(CpuCatalog catalog, X86Data data) => catalog.FeatureNamesIn(data).ToImmutableArray();

    private static CompareResult Incompatible(string reason) =>
        new(CompareVerdict.Incompatible, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty, reason);
}

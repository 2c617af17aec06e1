using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.Diagnostics;

namespace DomainCpu.X86;

/// <summary>
/// Compares a CPU with a host CPU the way libvirt's x86 driver does (SPEC §3.2, §7.2), and says which features
/// decide the verdict.
/// </summary>
internal static class Comparer
{
    private static readonly string[] X86Arches = { "i686", "x86_64" };

    /// <summary>Compares <paramref name="cpu"/> (guest or host) with <paramref name="host"/>.</summary>
    /// <exception cref="DomainCpuException">The CPU or the host names an unknown model or feature (libvirt's ERROR).</exception>
    public static CompareResult Compare(CpuCatalog catalog, CpuDefinition? host, CpuDefinition cpu)
    {
        if (Early(host, cpu) is { } early) return early;
        var w = catalog.Bits.Layout.Words;
        Span<ulong> all = w <= 64 ? stackalloc ulong[6 * w] : new ulong[6 * w];
        X86ModelData.AllInto(catalog, host!, all[..w]);
        X86ModelData.ByPolicyInto(catalog, cpu, all[w..]);
        return Decide(catalog, all[..w], all[w..], cpu);
    }

    /// <summary>Looks up the CPU's model and features once, for comparing it with many hosts.</summary>
    public static PreparedCpu Prepare(CpuCatalog catalog, CpuDefinition cpu)
    {
        var byPolicy = new ulong[5 * catalog.Bits.Layout.Words];
        try
        {
            X86ModelData.ByPolicyInto(catalog, cpu, byPolicy);
            return new PreparedCpu(catalog, cpu, byPolicy, null);
        }
        catch (DomainCpuException ex)
        {
            return new PreparedCpu(catalog, cpu, null, ex);
        }
    }

    /// <summary>Compares a prepared CPU with <paramref name="host"/>: the same verdict, and the same refusals in
    /// the same order, as <see cref="Compare(CpuCatalog, CpuDefinition?, CpuDefinition)"/>.</summary>
    /// <exception cref="DomainCpuException">The host names an unknown model or feature, or the CPU does
    /// (<see cref="PreparedCpu.Refusal"/>).</exception>
    public static CompareResult Compare(CpuCatalog catalog, CpuDefinition? host, PreparedCpu cpu)
    {
        if (!ReferenceEquals(catalog, cpu.Catalog)) throw new ArgumentException("the CPU was prepared with another catalog", nameof(cpu));
        if (Early(host, cpu.Cpu) is { } early) return early;
        var w = catalog.Bits.Layout.Words;
        Span<ulong> all = w <= 64 ? stackalloc ulong[6 * w] : new ulong[6 * w];
        X86ModelData.AllInto(catalog, host!, all[..w]);
        if (cpu.Refusal is { } refusal) throw refusal;
        cpu.ByPolicy.CopyTo(all[w..]);
        return Decide(catalog, all[..w], all[w..], cpu.Cpu);
    }

    /// <summary>The verdicts decided before any data is looked up: no host model, another architecture, another vendor.</summary>
    private static CompareResult? Early(CpuDefinition? host, CpuDefinition cpu)
    {
        if (host?.ModelName is null) return Incompatible("unknown host CPU");
        if (cpu.Arch is { } arch && !X86Arches.Contains(arch)) return Incompatible($"CPU arch {arch} does not match host arch");
        if (cpu.Vendor is { } vendor && host.Vendor != vendor)
        {
            return Incompatible($"host CPU vendor does not match required CPU vendor {vendor}");
        }
        return null;
    }

    /// <summary>libvirt's x86Compute on the host's data <paramref name="h"/> and the CPU's data by policy (both consumed).</summary>
    private static CompareResult Decide(CpuCatalog catalog, Span<ulong> h, Span<ulong> byPolicy, CpuDefinition cpu)
    {
        var bits = catalog.Bits;
        var w = h.Length;
        var force = Of(byPolicy, FeaturePolicy.Force, w);
        var require = Of(byPolicy, FeaturePolicy.Require, w);
        var optional = Of(byPolicy, FeaturePolicy.Optional, w);
        var disable = Of(byPolicy, FeaturePolicy.Disable, w);
        var forbid = Of(byPolicy, FeaturePolicy.Forbid, w);

        X86BitLayout.And(forbid, h);
        if (!X86BitLayout.IsEmpty(forbid))
        {
            var names = bits.NamesIn(forbid);
            return new CompareResult(CompareVerdict.Incompatible, ImmutableArray<string>.Empty, names,
                $"Host CPU provides forbidden features: {string.Join(", ", names)}");
        }

        X86BitLayout.AndNot(require, force);
        X86BitLayout.AndNot(require, optional);
        X86BitLayout.AndNot(require, disable);
        if (!X86BitLayout.Contains(h, require))
        {
            X86BitLayout.AndNot(require, h);
            var names = bits.NamesIn(require);
            return new CompareResult(CompareVerdict.Incompatible, names, ImmutableArray<string>.Empty,
                $"Host CPU does not provide required features: {string.Join(", ", names)}");
        }

        var diff = h;
        X86BitLayout.AndNot(diff, optional);
        X86BitLayout.AndNot(diff, require);
        X86BitLayout.AndNot(diff, disable);
        X86BitLayout.AndNot(diff, force);
        if (X86BitLayout.IsEmpty(diff))
        {
            return new CompareResult(CompareVerdict.Identical, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty,
                "The host CPU provides exactly the features the CPU describes");
        }
        var extra = bits.NamesIn(diff);
        if (cpu.Type == CpuType.Guest && cpu.Match == CpuMatch.Strict)
        {
            return new CompareResult(CompareVerdict.Incompatible, ImmutableArray<string>.Empty, extra,
                $"Host CPU does not strictly match guest CPU: Extra features: {string.Join(", ", extra)}");
        }
        var listed = extra.IsEmpty ? "bits no catalog feature names" : string.Join(", ", extra);
        return new CompareResult(CompareVerdict.Superset, ImmutableArray<string>.Empty, extra,
            $"The host CPU provides every feature the CPU requires, and more: {listed}");
    }

    private static Span<ulong> Of(Span<ulong> byPolicy, FeaturePolicy policy, int words) => byPolicy.Slice((int)policy * words, words);

    private static CompareResult Incompatible(string reason) =>
        new(CompareVerdict.Incompatible, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty, reason);
}

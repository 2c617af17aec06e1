using System.Collections.Immutable;
using System.Runtime.Intrinsics.X86;
using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>
/// Reads this machine's CPUID the way libvirt's host probe does: every basic leaf up to leaf 0's maximum and
/// every extended leaf up to 0x80000000's maximum, with the subleaves libvirt enumerates (cache parameters 0x4,
/// structured features 0x7, topology 0xb, extended state 0xd, RDT 0xf/0x10, SGX 0x12, processor trace 0x14,
/// SoC vendor 0x17). MSRs are not read here (<see cref="HostMsrs"/>).
/// </summary>
internal static class CpuidProbe
{
    /// <summary>A bound on leaves per range and subleaves per leaf, so that a hypervisor reporting nonsense
    /// maxima cannot make the probe loop for long.</summary>
    private const uint MaxLeavesPerRange = 0x100;
    private const uint MaxSubleaves = 64;

    /// <summary>Whether this process can execute CPUID (x86 and x86-64 only).</summary>
    public static bool IsSupported => X86Base.IsSupported;

    /// <summary>Probes this machine.</summary>
    /// <exception cref="PlatformNotSupportedException">The machine is not x86.</exception>
    public static CpuidData Probe()
    {
        RequireX86();
        return Enumerate(Execute);
    }

    /// <summary>Probes this machine for decoding with a catalog: only the leaves the catalog's features live in
    /// (<see cref="EnumerateLeaves"/>), or everything when the catalog needs leaves only a full probe walks.</summary>
    /// <exception cref="PlatformNotSupportedException">The machine is not x86.</exception>
    public static CpuidData ProbeFor(Catalog.CpuCatalog catalog)
    {
        RequireX86();
        return EnumerateLeaves(Execute, FeatureLeaves(catalog)) ?? Enumerate(Execute);
    }

    private static void RequireX86()
    {
        if (!IsSupported) throw new PlatformNotSupportedException("CPUID is only available on x86 machines");
    }

    /// <summary>The CPUID (leaf, subleaf) pairs the catalog's features live in.</summary>
    public static IEnumerable<(uint Leaf, uint Subleaf)> FeatureLeaves(Catalog.CpuCatalog catalog) =>
        catalog.Features.SelectMany(f => f.Data.Items)
            .Where(i => i.Key.Kind == Catalog.X86DataKind.Cpuid)
            .Select(i => (i.Key.Index, i.Key.SubIndex));

    /// <summary>Executes one CPUID instruction.</summary>
    public static CpuidLeaf Execute(uint eaxIn, uint ecxIn)
    {
        var (a, b, c, d) = X86Base.CpuId(unchecked((int)eaxIn), unchecked((int)ecxIn));
        return new CpuidLeaf(eaxIn, ecxIn, unchecked((uint)a), unchecked((uint)b), unchecked((uint)c), unchecked((uint)d));
    }

    /// <summary>Collects the leaves libvirt collects, asking <paramref name="cpuid"/> for each (a real CPU, or a
    /// replay of recorded data in tests).</summary>
    /// <param name="cpuid">Answers one CPUID query: (leaf, subleaf) → registers.</param>
    public static CpuidData Enumerate(Func<uint, uint, CpuidLeaf> cpuid)
    {
        var leaves = ImmutableArray.CreateBuilder<CpuidLeaf>();
        CollectRange(0x00000000, cpuid, leaves);
        CollectRange(0x80000000, cpuid, leaves);
        return new CpuidData(leaves.ToImmutable(), ImmutableArray<MsrValue>.Empty);
    }

    /// <summary>Probes only the given leaves (plus leaves 0, 1 and 0x80000000: vendor, signature, maxima), obeying
    /// the same rules as <see cref="Enumerate"/> for which leaves and subleaves exist, so the data decodes exactly
    /// as a full probe's does for features in those leaves. A CPU model decode needs about 15 CPUID instructions
    /// instead of about 80, and each one traps to the hypervisor on a virtual machine.</summary>
    /// <param name="cpuid">Answers one CPUID query.</param>
    /// <param name="wanted">The (leaf, subleaf) pairs to read.</param>
    /// <returns>The data, or null when a wanted leaf needs the full enumeration (cache, topology or XSAVE component
    /// leaves, which only <see cref="Enumerate"/> walks).</returns>
    public static CpuidData? EnumerateLeaves(Func<uint, uint, CpuidLeaf> cpuid, IEnumerable<(uint Leaf, uint Subleaf)> wanted)
    {
        var leaves = ImmutableArray.CreateBuilder<CpuidLeaf>();
        var seen = new Dictionary<(uint, uint), CpuidLeaf>();
        CpuidLeaf Read(uint leaf, uint sub)
        {
            if (!seen.TryGetValue((leaf, sub), out var l)) seen[(leaf, sub)] = l = cpuid(leaf, sub);
            return l;
        }
        var basicMax = Math.Min(Read(0, 0).Eax, MaxLeavesPerRange - 1);
        var extMax = Read(0x80000000, 0).Eax;
        extMax = extMax < 0x80000000 ? 0 : Math.Min(extMax, 0x80000000 + MaxLeavesPerRange - 1);
        foreach (var (leaf, sub) in wanted.Append((1u, 0u)).Distinct().Order())
        {
            var inRange = leaf < 0x80000000 ? leaf <= basicMax : extMax != 0 && leaf <= extMax;
            if (leaf is >= MaxLeavesPerRange and < 0x80000000 || leaf > 0x80000000 + MaxLeavesPerRange - 1) continue; // never probed
            if (!inRange) continue;
            switch (leaf)
            {
                case 0x4 or 0xb:
                case 0xd when sub >= 2:
                    return null;
                case 0xf or 0x10 when sub > 0:
                    var ids = Read(leaf, 0);
                    if (sub >= 32 || ((leaf == 0xf ? ids.Edx : ids.Ebx) & (1u << (int)sub)) == 0) continue;
                    break;
                case 0x7 or 0x14 or 0x17 when sub > 0:
                    var sub0 = Read(leaf, 0);
                    if (leaf == 0x17 && sub0.Eax < 3 || sub > Math.Min(sub0.Eax, MaxSubleaves)) continue;
                    break;
                case 0x12:
                    if (sub >= 2) return null;
                    if ((Read(7, 0).Ebx & (1u << 2)) == 0) continue;
                    break;
                default:
                    if (sub > 0 && leaf != 0xd) continue;
                    break;
            }
            Read(leaf, sub);
        }
        // Same order as the full probe: basic leaves, then extended (leaf 0x80000000 only when the range exists).
        foreach (var key in seen.Keys.Order())
        {
            if (key == (0x80000000u, 0u) && extMax == 0) continue;
            leaves.Add(seen[key]);
        }
        return new CpuidData(leaves.ToImmutable(), ImmutableArray<MsrValue>.Empty);
    }

    private static void CollectRange(uint first, Func<uint, uint, CpuidLeaf> cpuid, ImmutableArray<CpuidLeaf>.Builder into)
    {
        var max = cpuid(first, 0).Eax;
        if (max < first) return;
        var last = Math.Min(max, first + MaxLeavesPerRange - 1);
        for (var leaf = first; leaf <= last; leaf++)
        {
            var sub0 = cpuid(leaf, 0);
            switch (leaf)
            {
                case 0x4: CollectWhile(sub0, cpuid, into, l => (l.Eax & 0x1f) != 0); break;
                case 0x7: CollectCounted(sub0, sub0.Eax, cpuid, into); break;
                case 0xb: CollectTopology(sub0, cpuid, into); break;
                case 0xd: CollectExtendedState(sub0, cpuid, into); break;
                case 0xf: CollectResourceIds(sub0, sub0.Edx, cpuid, into); break;
                case 0x10: CollectResourceIds(sub0, sub0.Ebx, cpuid, into); break;
                case 0x12: CollectSgx(sub0, cpuid, into); break;
                case 0x14: CollectCounted(sub0, sub0.Eax, cpuid, into); break;
                case 0x17:
                    if (sub0.Eax >= 3) CollectCounted(sub0, sub0.Eax, cpuid, into);
                    break;
                default: into.Add(sub0); break;
            }
        }
    }

    /// <summary>Subleaf 0, then subleaf n+1 as long as subleaf n satisfies the condition (leaf 0x4: a cache type).</summary>
    private static void CollectWhile(CpuidLeaf sub0, Func<uint, uint, CpuidLeaf> cpuid, ImmutableArray<CpuidLeaf>.Builder into, Func<CpuidLeaf, bool> more)
    {
        into.Add(sub0);
        var cur = sub0;
        for (var sub = 1u; more(cur) && sub < MaxSubleaves; sub++)
        {
            cur = cpuid(sub0.EaxIn, sub);
            into.Add(cur);
        }
    }

    /// <summary>Subleaves 0 to <paramref name="maxSub"/> (leaves 0x7, 0x14, 0x17 report their last subleaf in eax).</summary>
    private static void CollectCounted(CpuidLeaf sub0, uint maxSub, Func<uint, uint, CpuidLeaf> cpuid, ImmutableArray<CpuidLeaf>.Builder into)
    {
        into.Add(sub0);
        for (var sub = 1u; sub <= Math.Min(maxSub, MaxSubleaves); sub++) into.Add(cpuid(sub0.EaxIn, sub));
    }

    /// <summary>Leaf 0xb: subleaves while ecx[15:8] (the level type) is non-zero; an invalid subleaf 0 is dropped.</summary>
    private static void CollectTopology(CpuidLeaf sub0, Func<uint, uint, CpuidLeaf> cpuid, ImmutableArray<CpuidLeaf>.Builder into)
    {
        var cur = sub0;
        for (var sub = 1u; (cur.Ecx & 0xff00) != 0 && sub <= MaxSubleaves; sub++)
        {
            into.Add(cur);
            cur = cpuid(sub0.EaxIn, sub);
        }
    }

    /// <summary>Leaf 0xd: subleaves 0 and 1, then each state component n (2–63) that subleaf 0 (eax/edx) or
    /// subleaf 1 (ecx/edx) marks as supported.</summary>
    private static void CollectExtendedState(CpuidLeaf sub0, Func<uint, uint, CpuidLeaf> cpuid, ImmutableArray<CpuidLeaf>.Builder into)
    {
        into.Add(sub0);
        var sub1 = cpuid(0xd, 1);
        into.Add(sub1);
        for (var n = 2; n < 64; n++)
        {
            var present = n < 32
                ? (sub0.Eax & (1u << n)) != 0 || (sub1.Ecx & (1u << n)) != 0
                : (sub0.Edx & (1u << (n - 32))) != 0 || (sub1.Edx & (1u << (n - 32))) != 0;
            if (present) into.Add(cpuid(0xd, (uint)n));
        }
    }

    /// <summary>Leaves 0xf and 0x10: subleaf 0, then the subleaf of each resource id bit (1–31) set in <paramref name="resources"/>.</summary>
    private static void CollectResourceIds(CpuidLeaf sub0, uint resources, Func<uint, uint, CpuidLeaf> cpuid, ImmutableArray<CpuidLeaf>.Builder into)
    {
        into.Add(sub0);
        for (var n = 1; n < 32; n++)
        {
            if ((resources & (1u << n)) != 0) into.Add(cpuid(sub0.EaxIn, (uint)n));
        }
    }

    /// <summary>Leaf 0x12 (only when leaf 7 reports SGX): subleaves 0 and 1, then subleaves from 2 while eax[3:0] is non-zero.</summary>
    private static void CollectSgx(CpuidLeaf sub0, Func<uint, uint, CpuidLeaf> cpuid, ImmutableArray<CpuidLeaf>.Builder into)
    {
        var leaf7 = into.FirstOrDefault(l => l.EaxIn == 7 && l.EcxIn == 0);
        if ((leaf7.Ebx & (1u << 2)) == 0) return;
        into.Add(sub0);
        into.Add(cpuid(0x12, 1));
        for (var sub = 2u; sub < MaxSubleaves; sub++)
        {
            var cur = cpuid(0x12, sub);
            if ((cur.Eax & 0xf) == 0) break;
            into.Add(cur);
        }
    }
}

using System.Collections.Immutable;

namespace DomainCpu.Compat;

/// <summary>
/// A policy as an <c>xl.cfg</c> <c>cpuid</c> line in libxl's string form (<c>"host,avx=0,…"</c>): the host's
/// CPUID with the policy's exclusions turned off. Feature names are libvirt's, translated where libxl spells
/// them differently.
/// </summary>
internal static class XenCpuid
{
    private static readonly ImmutableDictionary<string, string> LibxlNames = new Dictionary<string, string>
    {
        ["pni"] = "sse3", ["pclmuldq"] = "pclmulqdq", ["sse4.1"] = "sse4_1", ["sse4.2"] = "sse4_2",
        ["ds_cpl"] = "dscpl", ["lahf_lm"] = "lahfsahf", ["cmp_legacy"] = "cmplegacy", ["fxsr_opt"] = "ffxsr",
        ["tsc_adjust"] = "tsc_adjust", ["nodeid_msr"] = "nodeid", ["perfctr_core"] = "perfctr_core",
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>The libxl name of a libvirt feature name.</summary>
    public static string LibxlName(string feature) => LibxlNames.GetValueOrDefault(feature, feature);

    /// <summary>The <c>cpuid = "…"</c> line of a policy.</summary>
    public static string Line(CpuPolicy policy) =>
        "cpuid = \"" + string.Join(",", new[] { "host" }.Concat(policy.Excluded.Select(f => LibxlName(f) + "=0"))) + "\"";
}

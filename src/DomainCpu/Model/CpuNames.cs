namespace DomainCpu.Model;

/// <summary>The XML spellings of the CPU enumerations, in both directions.</summary>
public static class CpuNames
{
    /// <summary>The attribute value of a mode.</summary>
    public static string Of(CpuMode v) => v switch
    {
        CpuMode.Custom => "custom",
        CpuMode.HostModel => "host-model",
        CpuMode.HostPassthrough => "host-passthrough",
        _ => "maximum",
    };

    /// <summary>The attribute value of a match.</summary>
    public static string Of(CpuMatch v) => v switch { CpuMatch.Exact => "exact", CpuMatch.Minimum => "minimum", _ => "strict" };

    /// <summary>The attribute value of a check.</summary>
    public static string Of(CpuCheck v) => v switch { CpuCheck.None => "none", CpuCheck.Partial => "partial", _ => "full" };

    /// <summary>The attribute value of a feature policy.</summary>
    public static string Of(FeaturePolicy v) => v switch
    {
        FeaturePolicy.Force => "force",
        FeaturePolicy.Require => "require",
        FeaturePolicy.Optional => "optional",
        FeaturePolicy.Disable => "disable",
        _ => "forbid",
    };

    /// <summary>The attribute value of a fallback.</summary>
    public static string Of(CpuFallback v) => v == CpuFallback.Allow ? "allow" : "forbid";

    /// <summary>The attribute value of a cache mode.</summary>
    public static string Of(CacheMode v) => v switch { CacheMode.Emulate => "emulate", CacheMode.Passthrough => "passthrough", _ => "disable" };

    /// <summary>The attribute value of a maxphysaddr mode.</summary>
    public static string Of(MaxPhysAddrMode v) => v == MaxPhysAddrMode.Emulate ? "emulate" : "passthrough";

    /// <summary>Parses a mode; null when unknown.</summary>
    public static CpuMode? ParseMode(string s) => s switch
    {
        "custom" => CpuMode.Custom,
        "host-model" => CpuMode.HostModel,
        "host-passthrough" => CpuMode.HostPassthrough,
        "maximum" => CpuMode.Maximum,
        _ => null,
    };

    /// <summary>Parses a match; null when unknown.</summary>
    public static CpuMatch? ParseMatch(string s) => s switch
    {
        "exact" => CpuMatch.Exact,
        "minimum" => CpuMatch.Minimum,
        "strict" => CpuMatch.Strict,
        _ => null,
    };

    /// <summary>Parses a check; null when unknown (<c>default</c> is handled by the reader).</summary>
    public static CpuCheck? ParseCheck(string s) => s switch
    {
        "none" => CpuCheck.None,
        "partial" => CpuCheck.Partial,
        "full" => CpuCheck.Full,
        _ => null,
    };

    /// <summary>Parses a feature policy; null when unknown.</summary>
    public static FeaturePolicy? ParsePolicy(string s) => s switch
    {
        "force" => FeaturePolicy.Force,
        "require" => FeaturePolicy.Require,
        "optional" => FeaturePolicy.Optional,
        "disable" => FeaturePolicy.Disable,
        "forbid" => FeaturePolicy.Forbid,
        _ => null,
    };

    /// <summary>Parses a fallback; null when unknown.</summary>
    public static CpuFallback? ParseFallback(string s) => s switch { "allow" => CpuFallback.Allow, "forbid" => CpuFallback.Forbid, _ => null };

    /// <summary>Parses a cache mode; null when unknown.</summary>
    public static CacheMode? ParseCacheMode(string s) => s switch
    {
        "emulate" => CacheMode.Emulate,
        "passthrough" => CacheMode.Passthrough,
        "disable" => CacheMode.Disable,
        _ => null,
    };

    /// <summary>Parses a maxphysaddr mode; null when unknown.</summary>
    public static MaxPhysAddrMode? ParseMaxPhysAddrMode(string s) => s switch
    {
        "emulate" => MaxPhysAddrMode.Emulate,
        "passthrough" => MaxPhysAddrMode.Passthrough,
        _ => null,
    };
}

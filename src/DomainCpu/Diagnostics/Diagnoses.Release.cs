using static DomainCpu.Diagnostics.DiagnosticCatalogue;

namespace DomainCpu.Diagnostics;

/// <summary>The findings that depend on the target libvirt release: what its grammar lacks, and the rules that came
/// with the parts later releases added.</summary>
internal static partial class Diagnoses
{
    /// <summary>A construct the target release lacks: <c>clusters needs libvirt 10.1 or later (the target is libvirt
    /// 9.0)</c>. The reader and the validator report it alike.</summary>
    /// <param name="what">The construct, as the user wrote it (<c>clusters</c>, <c>&lt;hwuuid&gt;</c>).</param>
    /// <param name="since">The release that added it.</param>
    /// <param name="target">The release asked for.</param>
    public static Diagnostic NeedsRelease(string what, string since, string target) =>
        ReleaseLacksConstruct.With($"{what} needs libvirt {since} or later (the target is libvirt {target})");

    public static Diagnostic MaxPhysAddrLimitZero() => ZeroNotPermitted(MaxPhysAddrLimitInvalid, "limit", "maxphysaddr");

    public static Diagnostic MaxPhysAddrLimitNotPassthrough() =>
        MaxPhysAddrLimitInvalid.With("attribute 'limit' is only supported for maxphysaddr mode 'passthrough'");

    /// <summary>libvirt's own reason first (<c>qemuProcessUpdateGuestCPU</c> of 11.0-11.5), so that a refusal by the hook
    /// names what libvirt would say at start.</summary>
    public static Diagnostic DeprecatedFeaturesRefused(string? arch) =>
        DeprecatedFeaturesNotS390.With(
            $"toggling deprecated features for CPU model is unsupported (deprecated_features on {arch ?? "this host's architecture"}: QEMU reports deprecated CPU features for s390x only)");

    public static Diagnostic NotADomainChildElement(string name, bool belongsInCpu) =>
        NotADomainChild.With(belongsInCpu
            ? $"<{name}> is not a child of <domain>; it belongs inside <cpu>"
            : $"<{name}> is not a child libvirt's <domain> has");

    public static Diagnostic AutoPlacementTakesNoNodeset() =>
        AutoPlacementWithNodeset.With("<memory placement='auto'> takes no nodeset; the host nodes come from numad");
}

using System.Collections.Immutable;

namespace DomainCpu.Start;

/// <summary>
/// The parts of a domain outside <c>&lt;cpu&gt;</c> that libvirt turns into <c>-cpu</c> properties (SPEC §6.1,
/// FLAGS): clock timers, <c>&lt;features&gt;</c> (apic eoi, pvspinlock, hyperv, kvm, pmu) and Hyper-V panic devices.
/// </summary>
/// <param name="Timers">The <c>&lt;clock&gt;&lt;timer&gt;</c> elements in document order.</param>
/// <param name="ApicEoi"><c>&lt;apic eoi=…/&gt;</c>; null when not given.</param>
/// <param name="PvSpinlock"><c>&lt;pvspinlock state=…/&gt;</c>; null when absent.</param>
/// <param name="Hyperv">The <c>&lt;hyperv&gt;</c> block; null when absent.</param>
/// <param name="HypervPanic">Whether a <c>&lt;panic model='hyperv'/&gt;</c> device exists.</param>
/// <param name="Kvm">The <c>&lt;kvm&gt;</c> block; null when absent.</param>
/// <param name="Pmu"><c>&lt;pmu state=…/&gt;</c>; null when absent.</param>
internal sealed record CpuAffectingSettings(
    ImmutableArray<ClockTimer> Timers,
    bool? ApicEoi,
    bool? PvSpinlock,
    HypervSettings? Hyperv,
    bool HypervPanic,
    KvmSettings? Kvm,
    bool? Pmu)
{
    /// <summary>No settings at all.</summary>
    public static CpuAffectingSettings None { get; } = new(ImmutableArray<ClockTimer>.Empty, null, null, null, false, null, null);

    /// <summary>Value equality over the timer list too.</summary>
    public bool Equals(CpuAffectingSettings? other) =>
        other is not null && Timers.SequenceEqual(other.Timers) && ApicEoi == other.ApicEoi &&
        PvSpinlock == other.PvSpinlock && Equals(Hyperv, other.Hyperv) && HypervPanic == other.HypervPanic &&
        Equals(Kvm, other.Kvm) && Pmu == other.Pmu;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Timers.Length, ApicEoi, PvSpinlock, Hyperv, HypervPanic, Kvm, Pmu);
}

/// <summary>A <c>&lt;clock&gt;&lt;timer&gt;</c>.</summary>
/// <param name="Name">The timer name (kvmclock, hypervclock, tsc, armvtimer, …).</param>
/// <param name="Present">The present attribute; null when not given.</param>
/// <param name="Frequency">The TSC frequency in Hz; null when not given.</param>
/// <param name="TickPolicy">The tickpolicy attribute; null when not given.</param>
internal sealed record ClockTimer(string Name, bool? Present, ulong? Frequency, string? TickPolicy);

/// <summary>The <c>&lt;features&gt;&lt;hyperv&gt;</c> block.</summary>
/// <param name="Passthrough">mode='passthrough' (else custom).</param>
/// <param name="Features">The enlightenments in document order.</param>
internal sealed record HypervSettings(bool Passthrough, ImmutableArray<HypervFeature> Features)
{
    /// <summary>The enlightenments in libvirt's fixed order, which is the order of the <c>-cpu</c> properties.</summary>
    public static readonly ImmutableArray<string> Order =
    [
        "relaxed", "vapic", "spinlocks", "vpindex", "runtime", "synic", "stimer", "reset", "vendor_id",
        "frequencies", "reenlightenment", "tlbflush", "ipi", "evmcs", "avic", "emsr_bitmap", "xmm_input",
    ];

    /// <summary>The enlightenments of <see cref="Targets.LibvirtRules.HypervNestedEnlightenments"/>.</summary>
    public static readonly ImmutableArray<string> Nested = ["emsr_bitmap", "xmm_input"];

    /// <summary>The first enlightenment, or part of one, the release does not know; null when it knows them all.</summary>
    public string? UnknownTo(Targets.LibvirtProfile libvirt)
    {
        if (!libvirt.Has(Targets.LibvirtRules.HypervNestedEnlightenments) && Features.FirstOrDefault(f => Nested.Contains(f.Name)) is { } nested)
        {
            return nested.Name;
        }
        return !libvirt.Has(Targets.LibvirtRules.HypervTlbflushModes) &&
               Find("tlbflush") is { TlbflushDirect: not null } or { TlbflushExtended: not null } ? "tlbflush" : null;
    }

    /// <summary>The enlightenment with this name, or null.</summary>
    public HypervFeature? Find(string name) => Features.FirstOrDefault(f => f.Name == name);

    /// <summary>Value equality over the feature list too.</summary>
    public bool Equals(HypervSettings? other) =>
        other is not null && Passthrough == other.Passthrough && Features.SequenceEqual(other.Features);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Passthrough, Features.Length);
}

/// <summary>One Hyper-V enlightenment.</summary>
/// <param name="Name">Its element name (relaxed, spinlocks, vendor_id, …).</param>
/// <param name="On">state='on'.</param>
/// <param name="Retries">The spinlock retry count.</param>
/// <param name="Value">The vendor_id value.</param>
/// <param name="StimerDirect">stimer's <c>&lt;direct state='on'/&gt;</c>.</param>
/// <param name="TlbflushDirect">tlbflush's <c>&lt;direct state=…/&gt;</c>; null when not given.</param>
/// <param name="TlbflushExtended">tlbflush's <c>&lt;extended state=…/&gt;</c>; null when not given.</param>
internal sealed record HypervFeature(string Name, bool On, uint? Retries = null, string? Value = null, bool StimerDirect = false,
    bool? TlbflushDirect = null, bool? TlbflushExtended = null);

/// <summary>The <c>&lt;features&gt;&lt;kvm&gt;</c> block (each null when not given).</summary>
/// <param name="Hidden">hidden.</param>
/// <param name="HintDedicated">hint-dedicated.</param>
/// <param name="PollControl">poll-control.</param>
/// <param name="PvIpi">pv-ipi.</param>
internal sealed record KvmSettings(bool? Hidden, bool? HintDedicated, bool? PollControl, bool? PvIpi);

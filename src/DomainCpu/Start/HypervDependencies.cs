using System.Collections.Immutable;
using DomainCpu.Targets;

namespace DomainCpu.Start;

/// <summary>
/// The Hyper-V enlightenments libvirt refuses while one they depend on is not on (<see cref="LibvirtRules.HypervDependencies"/>),
/// in the order libvirt checks them: the enlightenments in their fixed order, then tlbflush's <c>direct</c>. Measured
/// with libvirt 12.8's virsh one missing dependency at a time and several at once (stimer's timer before its synic,
/// stimer before tlbflush, tlbflush before ipi, ipi before evmcs, evmcs before tlbflush's direct); synic's vpindex is
/// 11.9's only (<see cref="LibvirtRules.SynicWithoutVpindex"/>), its place estimated from the same order.
/// </summary>
internal static class HypervDependencies
{
    /// <summary>One dependency.</summary>
    /// <param name="Enlightenment">The enlightenment that is on (its element in <c>&lt;hyperv&gt;</c>).</param>
    /// <param name="Direct">Whether the dependency is that of its <c>&lt;direct state='on'/&gt;</c> part (tlbflush's).</param>
    /// <param name="Named">The enlightenment as libvirt's refusal names it.</param>
    /// <param name="Needs">The enlightenment, or with <paramref name="Timer"/> the clock timer, it needs.</param>
    /// <param name="Timer">Whether <paramref name="Needs"/> is a <c>&lt;clock&gt;&lt;timer present='yes'&gt;</c>.</param>
    /// <param name="DroppedBy">The rule of the release that stopped checking it; null while every release since
    /// <see cref="LibvirtRules.HypervDependencies"/> checks it.</param>
    internal sealed record Dependency(string Enlightenment, bool Direct, string Named, string Needs, bool Timer = false,
        LibvirtRule? DroppedBy = null);

    /// <summary>Every dependency, in libvirt's order.</summary>
    public static ImmutableArray<Dependency> Table { get; } =
    [
        new("synic", false, "synic", "vpindex", DroppedBy: LibvirtRules.SynicWithoutVpindex),
        new("stimer", false, "stimer", "hypervclock", Timer: true),
        new("stimer", false, "stimer", "synic"),
        new("tlbflush", false, "tlbflush", "vpindex"),
        new("ipi", false, "ipi", "vpindex"),
        new("evmcs", false, "evmcs", "vapic"),
        new("tlbflush", true, "hv-tlbflush-direct", "vapic"),
    ];

    /// <summary>The first dependency the release checks that the domain does not meet; null when it meets them all (or
    /// the release checks none, or the mode is passthrough, which libvirt does not check).</summary>
    /// <param name="hyperv">The domain's <c>&lt;hyperv&gt;</c>.</param>
    /// <param name="timers">The domain's clock timers.</param>
    /// <param name="libvirt">The release.</param>
    public static Dependency? FirstUnmet(HypervSettings hyperv, IEnumerable<ClockTimer> timers, LibvirtProfile libvirt)
    {
        if (!libvirt.Has(LibvirtRules.HypervDependencies) || hyperv.Passthrough) return null;
        bool On(string name) => hyperv.Find(name) is { On: true };
        var timerList = timers.ToList();
        return Table.FirstOrDefault(d =>
            (d.DroppedBy is null || !libvirt.Has(d.DroppedBy)) &&
            (d.Direct ? hyperv.Find(d.Enlightenment) is { On: true, TlbflushDirect: true } : On(d.Enlightenment)) &&
            !(d.Timer ? timerList.Any(t => t.Name == d.Needs && t.Present == true) : On(d.Needs)));
    }
}

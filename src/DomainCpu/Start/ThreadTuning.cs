using System.Collections.Immutable;

namespace DomainCpu.Start;

/// <summary>
/// How a domain places and schedules its QEMU threads (<c>&lt;vcpu placement cpuset&gt;</c>, <c>&lt;cputune&gt;</c>): what
/// libvirt applies to the threads once QEMU runs, where the host's CPUs and cgroup controllers decide whether it can.
/// </summary>
/// <param name="NeedsPlacementAdvice">Whether libvirt asks numad where the guest goes (<c>virDomainDefNeedsPlacementAdvice</c>:
/// <c>&lt;vcpu placement='auto'&gt;</c>, or <c>&lt;numatune&gt;</c> memory placed automatically).</param>
/// <param name="Steps">The host CPUs each thread is pinned to, in the order libvirt pins them: the emulator's
/// <c>&lt;emulatorpin&gt;</c> right after QEMU is forked, then per thread group its scheduler quota and the CPUs of each
/// thread (its own pin, else <c>&lt;vcpu cpuset&gt;</c>; none when placement is automatic, numad chooses).</param>
internal sealed record ThreadTuning(bool NeedsPlacementAdvice, ImmutableArray<ThreadStep> Steps);

/// <summary>One step of libvirt's thread setup: a group's scheduler quota, or one thread's CPU affinity.</summary>
/// <param name="Thread">The thread, as findings name it (<c>emulator</c>, <c>vCPU 1</c>, <c>I/O thread 1</c>).</param>
/// <param name="Cpus">The host CPUs it is pinned to; null for a scheduler quota step.</param>
/// <param name="Set">The CPU set as the domain wrote it.</param>
internal sealed record ThreadStep(string Thread, ImmutableSortedSet<int>? Cpus, string? Set)
{
    /// <summary>A step that sets a period or quota (needs the cgroup cpu controller).</summary>
    public bool IsQuota => Cpus is null;

    public static ThreadStep Quota(string group) => new(group, null, null);
}

using DomainCpu.Model;

namespace DomainCpu.Start;

/// <summary>A domain's CPU once it has started (SPEC §5.1).</summary>
/// <param name="ForQemu">The CPU the QEMU command line is built from (after the start-time update, before QEMU's
/// report); null when the domain has no <c>&lt;cpu&gt;</c>.</param>
/// <param name="Live">The live CPU: what QEMU's report made of <paramref name="ForQemu"/>, with <c>check='full'</c> where
/// libvirt sets it, the NUMA cells rounded as QEMU needs them, the model version pinned when asked.</param>
/// <param name="BeforeQemuUpdate">The CPU as libvirt started it when QEMU's report then changed it (a migration sends
/// this one, as libvirt does); null when the report changed nothing.</param>
internal sealed record StartedCpu(CpuDefinition? ForQemu, CpuDefinition? Live, CpuDefinition? BeforeQemuUpdate)
{
    /// <summary>No <c>&lt;cpu&gt;</c>: nothing to start with.</summary>
    public static StartedCpu None { get; } = new(null, null, null);
}

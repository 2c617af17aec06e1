namespace DomainCpu.Model;

/// <summary>The <c>&lt;maxphysaddr&gt;</c> element: the guest's physical address width.</summary>
/// <param name="Mode">emulate or passthrough.</param>
/// <param name="Bits">The number of bits; null when not given.</param>
/// <param name="Limit">The upper bound used with passthrough (later libvirt); null when not given.</param>
public sealed record MaxPhysAddr(MaxPhysAddrMode Mode, uint? Bits = null, uint? Limit = null);

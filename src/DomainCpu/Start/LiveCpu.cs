using DomainCpu.Model;

namespace DomainCpu.Start;

/// <summary>A started guest's CPU.</summary>
/// <param name="Cpu">The live CPU.</param>
/// <param name="BeforeQemuUpdate">The CPU as libvirt started it, before what QEMU reported changed it; null when
/// QEMU's report changed nothing. A migration sends this one, as libvirt does, so the destination starts the
/// guest from the same definition.</param>
public sealed record LiveCpu(CpuDefinition Cpu, CpuDefinition? BeforeQemuUpdate);

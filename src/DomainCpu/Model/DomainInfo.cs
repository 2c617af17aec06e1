namespace DomainCpu.Model;

/// <summary>The parts of a domain outside <c>&lt;cpu&gt;</c> that CPU processing depends on.</summary>
/// <param name="VirtType">The domain type (<c>kvm</c>, <c>qemu</c>, …); null when absent.</param>
/// <param name="Arch">The guest architecture from <c>&lt;os&gt;&lt;type arch&gt;</c>; null when absent.</param>
/// <param name="Machine">The machine type from <c>&lt;os&gt;&lt;type machine&gt;</c>; null when absent.</param>
/// <param name="MaxVcpus">The <c>&lt;vcpu&gt;</c> count (maximum vCPUs); null when absent.</param>
/// <param name="CurrentVcpus">The <c>current</c> attribute of <c>&lt;vcpu&gt;</c>; null when absent.</param>
/// <param name="Emulator">The <c>&lt;devices&gt;&lt;emulator&gt;</c> path; null when absent.</param>
public sealed record DomainInfo(string? VirtType, string? Arch, string? Machine, uint? MaxVcpus, uint? CurrentVcpus, string? Emulator = null);

namespace DomainCpu.Targets;

/// <summary>The libvirt release a request resolves to (<see cref="TargetResolver.ResolveLibvirt"/>), and where it
/// came from, as <see cref="TargetOrigin.Libvirt"/> says it.</summary>
/// <param name="Profile">The release and its rules.</param>
/// <param name="Origin">What decided it: <c>--libvirt</c>, a QEMU capabilities record, this host's libvirt, or the default.</param>
public sealed record ResolvedLibvirt(LibvirtProfile Profile, string Origin);

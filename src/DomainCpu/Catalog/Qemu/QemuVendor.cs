namespace DomainCpu.Catalog.Qemu;

/// <summary>A CPU vendor: libvirt's name and the 12-character CPUID vendor string.</summary>
/// <param name="Name">libvirt's name (Intel, AMD, Hygon).</param>
/// <param name="CpuidString">The CPUID leaf 0 vendor string (GenuineIntel).</param>
internal sealed record QemuVendor(string Name, string CpuidString);

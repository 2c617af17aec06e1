namespace DomainCpu.Model;

/// <summary>The <c>&lt;model&gt;</c> element: a CPU model name with its fallback and vendor_id.</summary>
/// <param name="Name">The model name as written (whitespace kept); null when the element has no text.</param>
/// <param name="Fallback">The fallback attribute; null when not given (libvirt's default is allow).</param>
/// <param name="VendorId">The 12-character CPUID vendor string to show the guest; null when absent.</param>
public sealed record CpuModelName(string? Name, CpuFallback? Fallback = null, string? VendorId = null);

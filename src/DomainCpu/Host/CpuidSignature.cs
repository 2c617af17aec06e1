using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>
/// The family/model/stepping signature in a CPUID dump (SPEC §7.1): libvirt masks leaf 1 eax with <c>0x0fff3fff</c>
/// before it splits it (<see cref="CpuSignature.FromCpuidEax"/> holds the encoding).
/// </summary>
internal static class CpuidSignature
{
    /// <summary>The bits of leaf 1 eax that make up the signature.</summary>
    public const uint Mask = 0x0fff3fff;

    /// <summary>The masked signature of the data (0 when leaf 1 is absent).</summary>
    public static uint Raw(CpuidData data) => (data.Find(1)?.Eax ?? 0) & Mask;

    /// <summary>The signature of the data, or null when its family is 0 (libvirt then writes no signature).</summary>
    public static CpuSignature? Of(CpuidData data)
    {
        var signature = CpuSignature.FromCpuidEax(Raw(data));
        return signature.Family == 0 ? null : signature;
    }
}

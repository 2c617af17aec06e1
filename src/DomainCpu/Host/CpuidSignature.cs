using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>
/// The family/model/stepping signature of CPUID leaf 1 eax (SPEC §7.1): libvirt masks eax with
/// <c>0x0fff3fff</c>; family = extended family (bits 27–20) + family (11–8); model = extended model (19–16) · 16
/// + model (7–4); stepping = bits 3–0. libvirt adds the extended fields whatever the base family is.
/// </summary>
public static class CpuidSignature
{
    /// <summary>The bits of leaf 1 eax that make up the signature.</summary>
    public const uint Mask = 0x0fff3fff;

    /// <summary>The masked signature of the data (0 when leaf 1 is absent).</summary>
    public static uint Raw(CpuidData data) => (data.Find(1)?.Eax ?? 0) & Mask;

    /// <summary>Family, model and stepping of a leaf 1 eax value.</summary>
    public static (uint Family, uint Model, uint Stepping) Decode(uint eax) =>
        (((eax >> 20) & 0xff) + ((eax >> 8) & 0xf), ((eax >> 12) & 0xf0) + ((eax >> 4) & 0xf), eax & 0xf);

    /// <summary>The signature of the data, or null when its family is 0 (libvirt then writes no signature).</summary>
    public static CpuSignature? Of(CpuidData data)
    {
        var (family, model, stepping) = Decode(Raw(data));
        return family == 0 ? null : new CpuSignature(family, model, stepping);
    }

    /// <summary>The leaf 1 eax value of a signature, encoded as libvirt does: a family above 15 becomes family
    /// field 15 plus the rest in the extended family; the model's high nibble goes to the extended model.</summary>
    public static uint Encode(uint family, uint model, uint stepping)
    {
        var eax = 0u;
        if (family > 0xf)
        {
            eax |= ((family - 0xf) & 0xff) << 20;
            family = 0xf;
        }
        eax |= (family & 0xf) << 8;
        eax |= ((model >> 4) & 0xf) << 16;
        eax |= (model & 0xf) << 4;
        eax |= stepping & 0xf;
        return eax;
    }
}

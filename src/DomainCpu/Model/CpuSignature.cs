namespace DomainCpu.Model;

/// <summary>The <c>&lt;signature&gt;</c> of a host CPU: CPUID family, model and stepping.</summary>
/// <param name="Family">The family (non-zero).</param>
/// <param name="Model">The model.</param>
/// <param name="Stepping">The stepping.</param>
public sealed record CpuSignature(uint Family, uint Model, uint Stepping)
{
    /// <summary>The CPUID leaf 1 EAX value of this signature, as libvirt makes it (<c>x86MakeSignature</c>): a family
    /// above 15 is 15 plus the extended family, the model's high nibble goes to the extended model field.</summary>
    public uint ToCpuidEax()
    {
        var family = Family;
        var eax = 0u;
        if (family > 0xf)
        {
            eax |= ((family - 0xf) & 0xff) << 20;
            family = 0xf;
        }
        eax |= ((Model >> 4) & 0xf) << 16;
        eax |= (family & 0xf) << 8;
        eax |= (Model & 0xf) << 4;
        eax |= Stepping & 0xf;
        return eax;
    }

    /// <summary>The family, model and stepping of a CPUID leaf 1 EAX value (<c>x86DataToSignatureFull</c>).</summary>
    public static CpuSignature FromCpuidEax(uint eax) =>
        new(((eax >> 20) & 0xff) + ((eax >> 8) & 0xf), ((eax >> 12) & 0xf0) + ((eax >> 4) & 0xf), eax & 0xf);
}

/// <summary>The <c>&lt;counter&gt;</c> of a host CPU (the invariant TSC).</summary>
/// <param name="Name">The counter name, <c>tsc</c>.</param>
/// <param name="Frequency">Its frequency in Hz.</param>
/// <param name="Scaling">Whether the frequency can be scaled; null when unknown.</param>
public sealed record CpuCounter(string Name, ulong Frequency, bool? Scaling);

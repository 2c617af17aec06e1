namespace DomainCpu.Catalog.Qemu;

/// <summary>Translates the QEMU catalog's feature bits into the <see cref="X86Data"/> the x86 algorithms work with.</summary>
internal static class QemuCatalogAdapter
{
    /// <summary>The CPUID or MSR data of one QEMU feature bit.</summary>
    internal static X86Data DataOf(QemuFeatureBit bit)
    {
        var mask = 1u << bit.Bit;
        var regs = bit.Register switch
        {
            CpuidRegister.Eax => new X86Regs(mask, 0, 0, 0),
            CpuidRegister.Ebx => new X86Regs(0, mask, 0, 0),
            CpuidRegister.Ecx => new X86Regs(0, 0, mask, 0),
            _ => new X86Regs(0, 0, 0, mask),
        };
        var key = bit.IsMsr ? X86Key.Msr(bit.Leaf) : X86Key.Cpuid(bit.Leaf, bit.Subleaf);
        return X86Data.Of(key, regs);
    }
}

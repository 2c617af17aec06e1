using System.Collections.Immutable;

namespace DomainCpu.Catalog.Qemu;

/// <summary>
/// Whether QEMU can run a CPU model on a host under KVM, and what blocks it, as QEMU's
/// <c>query-cpu-definitions</c> reports in <c>unavailable-features</c>: the model is expanded for the machine type
/// with KVM's accelerator defaults, and every feature it enables must be offered by the host. Features are named in
/// QEMU's spelling and listed in QEMU's order (its CPUID feature words, then bit); a feature that also needs an
/// XSAVE state component the host lacks is listed once more, as QEMU does.
/// </summary>
public static class QemuModelCheck
{
    /// <summary>QEMU 7.2's feature words in the order it reports blockers (leaf, subleaf, register; MSR words by
    /// index). XSAVE components (XCR0) come right after leaf 6.</summary>
    private static readonly (bool Msr, uint Leaf, uint Subleaf, CpuidRegister Reg)[] WordOrder =
    [
        (false, 0x1, 0, CpuidRegister.Edx), (false, 0x1, 0, CpuidRegister.Ecx),
        (false, 0x7, 0, CpuidRegister.Ebx), (false, 0x7, 0, CpuidRegister.Ecx), (false, 0x7, 0, CpuidRegister.Edx),
        (false, 0x7, 1, CpuidRegister.Eax),
        (false, 0x80000001, 0, CpuidRegister.Edx), (false, 0x80000001, 0, CpuidRegister.Ecx),
        (false, 0x80000007, 0, CpuidRegister.Edx), (false, 0x80000008, 0, CpuidRegister.Ebx),
        (false, 0xC0000001, 0, CpuidRegister.Edx),
        (false, 0x40000001, 0, CpuidRegister.Eax), (false, 0x40000001, 0, CpuidRegister.Edx),
        (false, 0x8000000A, 0, CpuidRegister.Edx), (false, 0xD, 1, CpuidRegister.Eax), (false, 0x6, 0, CpuidRegister.Eax),
    ];

    private const int Xcr0Rank = 16;

    /// <summary>The XSAVE state components QEMU enables for a feature (x87 and SSE state, AVX's YMM, MPX's bound
    /// registers, AVX-512's three, PKRU, AMX tiles), by component number.</summary>
    private static readonly (int Component, string QemuFeature)[] XsaveComponents =
    [
        (0, "fpu"), (1, "sse"), (2, "avx"), (3, "mpx"), (4, "mpx"), (5, "avx512f"), (6, "avx512f"), (7, "avx512f"),
        (9, "pku"), (17, "amx-tile"), (18, "amx-tile"),
    ];

    /// <summary>The features that keep QEMU from running a model on the host (empty: the model is usable).</summary>
    /// <param name="catalog">The QEMU catalog.</param>
    /// <param name="expansion">The model expanded for the machine type with KVM's defaults
    /// (<see cref="QemuCatalog.Expand"/> with the <c>kvm</c> accelerator).</param>
    /// <param name="host">What the host offers.</param>
    /// <returns>QEMU names, in QEMU's order; features the catalog has no CPUID or MSR bit for (KVM's own
    /// paravirtual features) are not checked.</returns>
    public static ImmutableArray<string> Unavailable(QemuCatalog catalog, QemuExpansion expansion, QemuHostOffer host)
    {
        var blocked = new List<((int Rank, uint Leaf, uint Subleaf, CpuidRegister Reg, int Bit) Key, string Name)>();
        foreach (var f in catalog.FeaturesOf(expansion.Features))
        {
            if (f.Bit is not { } bit) continue;
            var want = QemuCatalogAdapter.DataOf(bit);
            if (host.Data.Contains(want)) continue;
            var n = bit.IsMsr && bit.Register == CpuidRegister.Edx ? bit.Bit + 32 : bit.Bit;
            blocked.Add(((Rank(bit), bit.Leaf, bit.Subleaf, bit.IsMsr ? CpuidRegister.Eax : bit.Register, n), f.QemuName ?? f.Name));
        }
        if (host.Xcr0 is { } xcr0 && Has(catalog, expansion, "xsave"))
        {
            foreach (var (component, name) in XsaveComponents)
            {
                if ((xcr0 & (1UL << component)) == 0 && Has(catalog, expansion, name)) blocked.Add(((Xcr0Rank, 0, 0, CpuidRegister.Eax, component), name));
            }
        }
        return blocked.OrderBy(b => b.Key).Select(b => b.Name).ToImmutableArray();
    }

    private static bool Has(QemuCatalog catalog, QemuExpansion e, string qemuName) =>
        catalog.FeatureNames.FindQemu(qemuName) is { } f && e.Features.Contains(f.Index);

    private static int Rank(QemuFeatureBit bit)
    {
        // QEMU's MSR words follow the XSAVE components: IA32_ARCH_CAPABILITIES, IA32_CORE_CAPABILITY, then the rest.
        if (bit.IsMsr) return Xcr0Rank + (bit.Leaf switch { 0x10a => 1, 0xcf => 2, _ => 3 });
        var i = Array.IndexOf(WordOrder, (false, bit.Leaf, bit.Subleaf, bit.Register));
        return i >= 0 ? i : Xcr0Rank + 4;
    }
}

using System.Collections.Immutable;

namespace DomainCpu.Catalog.Qemu;

/// <summary>
/// Whether QEMU can run a CPU model on a host under KVM, and what blocks it, as QEMU's
/// <c>query-cpu-definitions</c> reports in <c>unavailable-features</c>: the model is expanded for the machine type
/// with KVM's accelerator defaults, and every feature it enables must be offered by the host. Features are named in
/// QEMU's spelling and listed in QEMU's order (its CPUID feature words, then bit); a feature that also needs an
/// XSAVE state component the host lacks is listed once more, as QEMU does.
/// </summary>
internal static class QemuModelCheck
{
    /// <summary>One of QEMU's feature words: a CPUID output register, or an MSR (by index).</summary>
    private readonly record struct Word(bool Msr, uint Leaf, uint Subleaf, CpuidRegister Reg)
    {
        public static Word Cpuid(uint leaf, uint subleaf, CpuidRegister reg) => new(false, leaf, subleaf, reg);

        public static Word OfMsr(uint index) => new(true, index, 0, CpuidRegister.Eax);
    }

    /// <summary>QEMU's feature words in the order it reports blockers (its FeatureWord enumeration). Releases after 7.2
    /// inserted words (AMD's 0x80000021/22 leaves, leaf 7 subleaf 2, leaf 0x24, …) but never reordered the older
    /// ones, so one list serves QEMU 7.2, 10.0 and 11.1; a release simply has no features in the words it lacks.
    /// XSAVE state components (XCR0, CPUID 0xd.0 eax) come right after leaf 6.</summary>
    private static readonly Word[] WordOrder =
    [
        Word.Cpuid(0x1, 0, CpuidRegister.Edx), Word.Cpuid(0x1, 0, CpuidRegister.Ecx),
        Word.Cpuid(0x7, 0, CpuidRegister.Ebx), Word.Cpuid(0x7, 0, CpuidRegister.Ecx), Word.Cpuid(0x7, 0, CpuidRegister.Edx),
        Word.Cpuid(0x7, 1, CpuidRegister.Eax),
        Word.Cpuid(0x80000001, 0, CpuidRegister.Edx), Word.Cpuid(0x80000001, 0, CpuidRegister.Ecx),
        Word.Cpuid(0x80000007, 0, CpuidRegister.Ebx), Word.Cpuid(0x80000007, 0, CpuidRegister.Edx),
        Word.Cpuid(0x80000008, 0, CpuidRegister.Ebx),
        Word.Cpuid(0x80000021, 0, CpuidRegister.Eax), Word.Cpuid(0x80000021, 0, CpuidRegister.Ebx),
        Word.Cpuid(0x80000021, 0, CpuidRegister.Ecx), Word.Cpuid(0x80000022, 0, CpuidRegister.Eax),
        Word.Cpuid(0xC0000001, 0, CpuidRegister.Edx),
        Word.Cpuid(0x40000001, 0, CpuidRegister.Eax), Word.Cpuid(0x40000001, 0, CpuidRegister.Edx),
        Word.Cpuid(0x8000000A, 0, CpuidRegister.Edx), Word.Cpuid(0xD, 1, CpuidRegister.Eax), Word.Cpuid(0x6, 0, CpuidRegister.Eax),
        Word.Cpuid(0xD, 0, CpuidRegister.Eax),
        // IA32_ARCH_CAPABILITIES, IA32_CORE_CAPABILITY, IA32_PERF_CAPABILITIES, then the VMX capability MSRs
        // (processor-based, secondary, pin-based, exit, entry, misc, EPT/VPID, basic, VM functions).
        Word.OfMsr(0x10a), Word.OfMsr(0xcf), Word.OfMsr(0x345),
        Word.OfMsr(0x48e), Word.OfMsr(0x48b), Word.OfMsr(0x48d), Word.OfMsr(0x48f), Word.OfMsr(0x490),
        Word.OfMsr(0x485), Word.OfMsr(0x48c), Word.OfMsr(0x480), Word.OfMsr(0x491),
        Word.Cpuid(0x14, 0, CpuidRegister.Ecx),
        Word.Cpuid(0x12, 0, CpuidRegister.Eax), Word.Cpuid(0x12, 0, CpuidRegister.Ebx), Word.Cpuid(0x12, 1, CpuidRegister.Eax),
        Word.Cpuid(0xD, 1, CpuidRegister.Ecx), Word.Cpuid(0xD, 1, CpuidRegister.Edx),
        Word.Cpuid(0x7, 1, CpuidRegister.Ecx), Word.Cpuid(0x7, 1, CpuidRegister.Edx), Word.Cpuid(0x7, 2, CpuidRegister.Edx),
        Word.Cpuid(0x24, 0, CpuidRegister.Ebx), Word.Cpuid(0x29, 0, CpuidRegister.Ebx),
    ];

    private static readonly int Xcr0Rank = Array.IndexOf(WordOrder, Word.Cpuid(0xD, 0, CpuidRegister.Eax));

    /// <summary>The XSAVE state components QEMU enables for a feature (x87 and SSE state, AVX's YMM, MPX's bound
    /// registers, AVX-512's three, PKRU, AMX tiles), by component number.</summary>
    private static readonly (int Component, string QemuFeature)[] XsaveComponents =
    [
        (0, "fpu"), (1, "sse"), (2, "avx"), (3, "mpx"), (4, "mpx"), (5, "avx512f"), (6, "avx512f"), (7, "avx512f"),
        (9, "pku"), (17, "amx-tile"), (18, "amx-tile"),
    ];

    /// <summary>The features that keep QEMU from running a model on the host (empty: the model is usable).</summary>
    /// <param name="catalog">The QEMU catalog.</param>
    /// <param name="expansion">The model expanded for the machine type with the accelerator's defaults
    /// (<see cref="QemuCatalog.Expand"/> with the <c>kvm</c> or <c>tcg</c> accelerator).</param>
    /// <param name="host">What the host offers.</param>
    /// <returns>QEMU names, in QEMU's order; features the catalog has no CPUID or MSR bit for (KVM's own
    /// paravirtual features) are not checked.</returns>
    public static ImmutableArray<string> Unavailable(QemuCatalog catalog, QemuExpansion expansion, QemuHostOffer host)
    {
        var blocked = new List<(OrderKey Key, string Name)>();
        foreach (var f in catalog.FeaturesOf(expansion.Features))
        {
            if (f.Bit is not { } bit) continue;
            var want = QemuCatalogAdapter.DataOf(bit);
            if (host.Data.Contains(want)) continue;
            blocked.Add((KeyOf(bit), f.QemuName ?? f.Name));
        }
        if (host.Xcr0 is { } xcr0 && Has(catalog, expansion, "xsave"))
        {
            foreach (var (component, name) in XsaveComponents)
            {
                if ((xcr0 & (1UL << component)) == 0 && Has(catalog, expansion, name)) blocked.Add((new OrderKey(Xcr0Rank, 0, 0, CpuidRegister.Eax, component), name));
            }
        }
        return blocked.OrderBy(b => b.Key).Select(b => b.Name).ToImmutableArray();
    }

    /// <summary>Where QEMU lists a feature among blockers: its word's place in QEMU's order, then its bit.</summary>
    internal readonly record struct OrderKey(int Rank, uint Leaf, uint Subleaf, CpuidRegister Reg, int Bit) : IComparable<OrderKey>
    {
        public int CompareTo(OrderKey other) =>
            (Rank, Leaf, Subleaf, Reg, Bit).CompareTo((other.Rank, other.Leaf, other.Subleaf, other.Reg, other.Bit));
    }

    /// <summary>The order key of a feature's bit (MSR bits counted over 64 bits).</summary>
    internal static OrderKey KeyOf(QemuFeatureBit bit)
    {
        var word = bit.IsMsr ? Word.OfMsr(bit.Leaf) : Word.Cpuid(bit.Leaf, bit.Subleaf, bit.Register);
        var rank = Array.IndexOf(WordOrder, word);
        // A word QEMU's list here does not know goes last.
        if (rank < 0) rank = WordOrder.Length;
        var n = bit.IsMsr && bit.Register == CpuidRegister.Edx ? bit.Bit + 32 : bit.Bit;
        return new OrderKey(rank, bit.Leaf, bit.Subleaf, bit.IsMsr ? CpuidRegister.Eax : bit.Register, n);
    }

    private static bool Has(QemuCatalog catalog, QemuExpansion e, string qemuName) =>
        catalog.FeatureNames.FindQemu(qemuName) is { } f && e.Features.Contains(f.Index);
}

namespace DomainCpu.Catalog.Qemu;

/// <summary>What a host offers a KVM guest, for deciding which CPU models QEMU can run there
/// (<see cref="QemuModelCheck"/>).</summary>
/// <param name="Data">The CPUID/MSR bits the host offers, KVM's always-emulated bits included.</param>
/// <param name="Xcr0">The XSAVE state components the host supports (CPUID leaf 0xd.0 edx:eax); null when unknown
/// (a host <c>&lt;cpu&gt;</c> or a dump without that leaf), in which case components are not checked.</param>
internal sealed record QemuHostOffer(X86Data Data, ulong? Xcr0)
{
    /// <summary>Bits QEMU reports as supported under KVM whatever the host CPU has: QEMU's KVM code adds the
    /// hypervisor bit, x2apic (in-kernel irqchip), tsc-deadline (KVM's emulated LAPIC timer) and topoext (safe to
    /// expose on any kernel), and KVM always reports arat.</summary>
    private static readonly X86Data KvmEmulated = X86Data.Of(new[]
    {
        new X86Item(X86Key.Cpuid(0x1), new X86Regs(0, 0, (1u << 31) | (1u << 24) | (1u << 21), 0)),
        new X86Item(X86Key.Cpuid(0x6), new X86Regs(1u << 2, 0, 0, 0)),
        new X86Item(X86Key.Cpuid(0x80000001), new X86Regs(0, 0, 1u << 22, 0)),
    });

    /// <summary>The offer of a host CPU read as raw CPUID data (a dump or a probe).</summary>
    public static QemuHostOffer FromCpuid(Model.CpuidData raw)
    {
        var data = X86Data.FromCpuid(raw);
        var xsave = data.Get(X86Key.Cpuid(0xd, 0));
        // A dump without leaf 0xd.0 says nothing about XSAVE components (a real host with XSAVE always has it).
        ulong? xcr0 = xsave.IsZero ? null : ((ulong)xsave.Edx << 32) | xsave.Eax;
        return new QemuHostOffer(data.Union(KvmEmulated), xcr0);
    }

    /// <summary>What KVM's emulated IA32_ARCH_CAPABILITIES offers on an AMD host, by QEMU name: the MSR itself, and
    /// the bits KVM sets on a host without the bug they deny (Meltdown, MDS, iTLB multihit, GDS, RFDS, ITS; no AMD
    /// CPU has them) plus skip-l1dfl-vmentry, which it always sets. QEMU 10.1 and later hide the MSR from AMD CPU
    /// models, QEMU's own host model included, so an AMD host's recorded CPU lacks these bits although KVM still
    /// offers them to an Intel model (QEMU 10.0's record of the same host lists exactly these as supported).</summary>
    private static readonly string[] KvmArchCapabilitiesOnAmd =
        ["arch-capabilities", "rdctl-no", "skip-l1dfl-vmentry", "mds-no", "pschange-mc-no", "gds-no", "rfds-no", "its-no"];

    /// <summary>What TCG offers a guest: what its host CPU (QEMU's <c>max</c> under TCG) shows, and the MSR-based
    /// features the catalog's TCG accelerator data says it supports although <c>max</c> leaves them off
    /// (<see cref="QemuAccelerator.Offers"/>).</summary>
    /// <param name="data">The TCG host CPU as data.</param>
    /// <param name="tcg">The catalog's TCG accelerator; null when the catalog has none.</param>
    /// <param name="catalog">The QEMU release's catalog.</param>
    public static QemuHostOffer UnderTcg(X86Data data, QemuAccelerator? tcg, QemuCatalog catalog)
    {
        var offers = catalog.OfferedUnder(tcg).Select(f => f.Bit).OfType<QemuFeatureBit>().Select(QemuCatalogAdapter.DataOf);
        return new QemuHostOffer(offers.Aggregate(data, (all, bit) => all.Union(bit)), null);
    }

    /// <summary>The offer of a host CPU known only by its features (a host <c>&lt;cpu&gt;</c> turned into data).</summary>
    public static QemuHostOffer FromFeatures(X86Data data) => new(data.Union(KvmEmulated), null);

    /// <summary>The offer of a host CPU known by its features and vendor, for a QEMU release's catalog: an AMD host
    /// also offers KVM's emulated IA32_ARCH_CAPABILITIES bits (<see cref="KvmArchCapabilitiesOnAmd"/>) the catalog
    /// knows.</summary>
    public static QemuHostOffer FromFeatures(X86Data data, string? vendor, QemuCatalog catalog)
    {
        var offer = FromFeatures(data);
        if (vendor != "AMD") return offer;
        var items = KvmArchCapabilitiesOnAmd
            .Select(name => catalog.FeatureNames.FindQemu(name)?.Bit)
            .OfType<QemuFeatureBit>()
            .Select(QemuCatalogAdapter.DataOf);
        return offer with { Data = items.Aggregate(offer.Data, (all, bit) => all.Union(bit)) };
    }
}

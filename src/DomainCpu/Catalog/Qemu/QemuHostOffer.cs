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

    /// <summary>The offer of a host CPU known only by its features (a host <c>&lt;cpu&gt;</c> turned into data).</summary>
    public static QemuHostOffer FromFeatures(X86Data data) => new(data.Union(KvmEmulated), null);
}

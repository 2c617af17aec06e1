using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.Start;

/// <summary>
/// What QEMU's TCG accelerator really gives a guest started with a custom CPU, known without starting it:
/// the model as the machine type defines it, TCG's own defaults, the features libvirt passes on <c>-cpu</c>,
/// less what TCG cannot emulate (QEMU filters those out and reports them unavailable). What TCG can emulate is
/// QEMU's own answer, the expansion of its <c>max</c> CPU under TCG recorded in libvirt's capabilities of the
/// binary, and the bits QEMU sets from the guest's topology (<see cref="QemuTopologyFeatures"/>). Under KVM the
/// answer depends on the host kernel, so only QEMU's report after a start can tell.
/// </summary>
internal static class TcgGuestCpu
{
    /// <summary>The CPU data QEMU enables and the data it could not enable for <paramref name="cpu"/>, in the
    /// CPUID bits of <paramref name="catalog"/>; null when the model or the machine type is unknown to QEMU's
    /// catalog, or the CPU is not a custom one.</summary>
    /// <param name="catalog">The x86 catalog the live CPU is expressed in (feature names → CPUID bits).</param>
    /// <param name="qemu">QEMU's CPU model catalog.</param>
    /// <param name="tcgMax">QEMU's expansion of its host CPU under TCG (everything TCG can emulate).</param>
    /// <param name="machine">The domain's machine type or alias; null for QEMU's default machine.</param>
    /// <param name="arch">The guest architecture (x86_64, or i686 for QEMU's 32-bit emulator).</param>
    /// <param name="cpu">The live custom CPU as libvirt passes it to QEMU.</param>
    public static (X86Data Enabled, X86Data Disabled)? Predict(CpuCatalog catalog, QemuCatalog qemu, QemuHostCpu tcgMax,
        string? machine, string? arch, CpuDefinition cpu)
    {
        if (cpu.Mode != CpuMode.Custom || cpu.ModelName is not { } model) return null;
        var machineType = machine is null ? qemu.DefaultMachine : qemu.FindMachine(machine);
        if (machineType is null) return null;
        var tcg = qemu.Accelerator("tcg");
        if (qemu.Expand(model, machineType, tcg) is not { } expansion) return null;
        var requested = expansion.Features;
        foreach (var f in cpu.Features)
        {
            if (qemu.FeatureNames.Find(f.Name) is not { } feature) continue;
            requested = f.Policy switch
            {
                FeaturePolicy.Force or FeaturePolicy.Require => requested.With(feature.Index),
                FeaturePolicy.Disable or FeaturePolicy.Forbid => requested.Without(feature.Index),
                _ => requested,
            };
        }
        var explicitlyOn = FeatureSet.Of(cpu.Features
            .Where(f => f.Policy is FeaturePolicy.Force or FeaturePolicy.Require)
            .Select(f => qemu.FeatureNames.Find(f.Name)?.Index ?? -1)
            .Where(i => i >= 0));
        var kept = qemu.WithoutOrphans(requested);
        var orphans = requested.Except(kept);
        requested = kept;
        var emulated = Emulated(qemu, tcgMax, arch).Union(QemuTopologyFeatures.AlwaysKept(qemu));
        var vendor = cpu.Vendor is { } name ? qemu.FindVendor(name)?.CpuidString : expansion.Resolution.Version.Vendor;
        var enabled = requested.Intersect(emulated).Union(QemuTopologyFeatures.For(qemu, cpu.Topology, vendor));
        var unavailable = requested.Except(emulated).Union(orphans.Intersect(explicitlyOn));
        return (DataOf(catalog, qemu, enabled), DataOf(catalog, qemu, unavailable));
    }

    /// <summary>What TCG emulates: QEMU's <c>max</c> CPU under TCG, and the MSR bits it supports but never shows there. The 32-bit emulator's own expansion already says
    /// what an i686 guest gets (no <c>lm</c>; <c>syscall</c> in QEMU 10.0, not in 7.2); an expansion of a 64-bit
    /// emulator (with <c>lm</c>) given for an i686 guest loses long mode, so neither <c>lm</c> nor <c>syscall</c>.</summary>
    private static FeatureSet Emulated(QemuCatalog qemu, QemuHostCpu tcgMax, string? arch)
    {
        var emulated = FeatureSet.Of(tcgMax.Properties
            .Where(p => p.Type == "boolean" && p.Value == "true")
            .Select(p => qemu.FeatureNames.FindQemu(p.Name))
            .Where(f => f is not null)
            .Select(f => f!.Index))
            .Union(Offered(qemu));
        var longMode = qemu.FeatureNames.FindQemu("lm") is { } lm && emulated.Contains(lm.Index);
        if (arch is "i686" or "i386" && longMode)
        {
            foreach (var name in LongModeOnly)
            {
                if (qemu.FeatureNames.FindQemu(name) is { } f) emulated = emulated.Without(f.Index);
            }
        }
        return emulated;
    }

    private static readonly string[] LongModeOnly = ["lm", "syscall"];

    /// <summary>The MSR-based features TCG keeps for a CPU that asks for them though <c>max</c> does not show them
    /// (<see cref="QemuAccelerator.Offers"/>).</summary>
    private static FeatureSet Offered(QemuCatalog qemu) =>
        FeatureSet.Of(qemu.OfferedUnder(qemu.Accelerator("tcg")).Select(f => f.Index));

    private static X86Data DataOf(CpuCatalog catalog, QemuCatalog qemu, FeatureSet set)
    {
        var data = new X86DataBuilder(X86Data.Empty);
        foreach (var f in qemu.FeaturesOf(set))
        {
            if (catalog.FindFeature(f.Name) is { } known) data.Or(known.Data);
        }
        return data.ToData();
    }
}

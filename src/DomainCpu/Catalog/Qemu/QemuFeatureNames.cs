using System.Collections.Frozen;
using DomainCpu.Model;

namespace DomainCpu.Catalog.Qemu;

/// <summary>The x86 CPU feature names libvirt spells differently from QEMU (SPEC §6.1); every other name is
/// the same in both.</summary>
internal static class QemuFeatureNames
{
    private static readonly FrozenDictionary<string, string> LibvirtToQemu = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cmp_legacy"] = "cmp-legacy",
        ["ds_cpl"] = "ds-cpl",
        ["fxsr_opt"] = "fxsr-opt",
        ["kvm_pv_eoi"] = "kvm-pv-eoi",
        ["kvm_pv_unhalt"] = "kvm-pv-unhalt",
        ["lahf_lm"] = "lahf-lm",
        ["nodeid_msr"] = "nodeid-msr",
        ["pclmuldq"] = "pclmulqdq",
        ["perfctr_core"] = "perfctr-core",
        ["perfctr_nb"] = "perfctr-nb",
        ["tsc_adjust"] = "tsc-adjust",
        // libvirt 10.x added these. The libvirt names exist only in cpu_maps of 9.10 and later, so a libvirt 9.0
        // target (whose map lacks them) gets the same answers with or without them.
        ["vmx-invvpid-single-context-noglobals"] = "vmx-invept-single-context-noglobals",
        ["hv-vendor_id"] = "hv-vendor-id",
        ["hv-emsr_bitmap"] = "hv-emsr-bitmap",
        ["hv-xmm_input"] = "hv-xmm-input",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> QemuToLibvirt =
        LibvirtToQemu.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    /// <summary>The QEMU name of a libvirt x86 feature name.</summary>
    public static string ToQemu(string libvirtName) =>
        LibvirtToQemu.TryGetValue(libvirtName, out var q) ? q : libvirtName;

    /// <summary>The x86 features QEMU knows, in libvirt's names (libvirt's <c>virQEMUCapsGetCPUFeatures</c>: the
    /// properties of QEMU's host CPU for the domain's accelerator in libvirt's record of the binary); null when
    /// unknown.</summary>
    public static IReadOnlySet<string>? KnownTo(QemuCapabilities? qemu, string? virtType) =>
        qemu?.HostCpuFor(QemuCapabilities.AccelOf(virtType))?.Properties.Select(p => ToLibvirt(p.Name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The libvirt name of a QEMU x86 feature (property) name.</summary>
    public static string ToLibvirt(string qemuName) =>
        QemuToLibvirt.TryGetValue(qemuName, out var l) ? l : qemuName;
}

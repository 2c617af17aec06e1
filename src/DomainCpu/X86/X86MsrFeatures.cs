using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Catalog;

namespace DomainCpu.X86;

/// <summary>
/// Features that live in MSRs (IA32_ARCH_CAPABILITIES bits such as rdctl-no, IA32_CORE_CAPABILITIES'
/// split-lock-detect). libvirt 9.0 drops them from the host-model CPUs (the migratable and the full one) when QEMU
/// lacks the <c>cpu-unavailable-features</c> capability: without it libvirt cannot tell whether QEMU really
/// enabled an MSR feature, so it never asks for one.
/// </summary>
internal static class X86MsrFeatures
{
    /// <summary>Whether the catalog defines the feature by MSR bits (unknown names are not MSR features).</summary>
    public static bool IsMsr(CpuCatalog catalog, string feature) =>
        catalog.FindFeature(feature) is { } f && f.Data.Items.Any(i => i.Key.Kind == X86DataKind.Msr);

    /// <summary>The CPU without its MSR features.</summary>
    public static CpuDefinition Drop(CpuCatalog catalog, CpuDefinition cpu) =>
        cpu with { Features = cpu.Features.Where(f => !IsMsr(catalog, f.Name)).ToImmutableArray() };
}

namespace DomainCpu.Diagnostics;

/// <summary>The findings of a domain's start (libvirt's QEMU driver at start, SPEC §5.1), and of the host documents a
/// start reads.</summary>
internal static partial class Diagnoses
{
    /// <summary>Pinning left <paramref name="model"/> unversioned: the target libvirt (<paramref name="libvirt"/>) knows no
    /// versioned names, which libvirt <paramref name="since"/> added.</summary>
    public static Diagnostic ModelNotPinned(string model, string version, string libvirt, string since) =>
        DiagnosticCatalogue.ModelNotPinned.With(
            $"CPU model {model} is not pinned to {version}: libvirt {libvirt} knows no versioned model names (libvirt {since} added them) and would refuse the guest");

    public static Diagnostic AlreadyExpanded() =>
        DiagnosticCatalogue.AlreadyExpanded.With("the domain is already expanded (it holds an inactive CPU record); strip it first");

    public static Diagnostic CpuModeUnsupported(string mode, string arch, string virtType, string hostArch) =>
        DiagnosticCatalogue.CpuModeUnsupported.With(
            $"CPU mode '{mode}' for {arch} {virtType} domain on {hostArch} host is not supported by hypervisor");

    public static Diagnostic HostModelUnknown() => DiagnosticCatalogue.HostModelUnknown.With("unknown host CPU model");

    public static Diagnostic ModelUnsupported(string model) =>
        DiagnosticCatalogue.ModelUnsupported.With($"CPU model {model} is not supported by hypervisor");

    /// <summary>A model the host cannot run, with the features that block it (none when they are unknown).</summary>
    public static Diagnostic ModelNotUsable(string model, IReadOnlyCollection<string> blockers) =>
        DiagnosticCatalogue.ModelNotUsable.With(
            $"the CPU is incompatible with host CPU: CPU model {model} is not usable on this host{(blockers.Count == 0 ? "" : $" (blocked by {string.Join(", ", blockers)})")}");

    public static Diagnostic ForbiddenFeaturePresent(string feature) =>
        DiagnosticCatalogue.ForbiddenFeaturePresent.With($"the CPU is incompatible with host CPU: Host CPU provides forbidden feature '{feature}'");

    /// <summary>The compare against the host failed; <paramref name="reason"/> is the compare's (libvirt's) reason.</summary>
    public static Diagnostic IncompatibleWithHost(string reason) =>
        DiagnosticCatalogue.IncompatibleWithHost.With($"the CPU is incompatible with host CPU: {reason}");

    public static Diagnostic NotHostDocument(string found) =>
        DiagnosticCatalogue.NotHostDocument.With($"expected host capabilities or a host <cpu>, found <{found}>");

    public static Diagnostic NoHostCpu() =>
        DiagnosticCatalogue.NoHostCpu.With("no host CPU: expected <capabilities><host><cpu> or a <cpu> with <arch>");

    public static Diagnostic NotQemuCpuData(string found) =>
        DiagnosticCatalogue.NotQemuCpuData.With($"expected <cpudata arch='x86'>, found <{found}>");

    public static Diagnostic QemuCpuDataElement(string element) =>
        DiagnosticCatalogue.QemuCpuDataInvalid.With($"unexpected element <{element}> in <cpudata>");

    public static Diagnostic QemuCpuDataValue(string value, string attribute, string element) =>
        DiagnosticCatalogue.QemuCpuDataInvalid.With($"invalid value '{value}' for attribute '{attribute}' of <{element}>");

    public static Diagnostic NoInvariantTsc() => DiagnosticCatalogue.NoInvariantTsc.With("host doesn't support invariant TSC");

    public static Diagnostic NoPvSpinlocks() => DiagnosticCatalogue.NoPvSpinlocks.With("host doesn't support paravirtual spinlocks");

    public static Diagnostic ConflictingCpuData(string feature) =>
        DiagnosticCatalogue.QemuCpuDataConflicting.With($"hypervisor provided conflicting CPU data: feature '{feature}' is both enabled and disabled at the same time");
}

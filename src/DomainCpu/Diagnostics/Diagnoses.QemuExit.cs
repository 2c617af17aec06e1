namespace DomainCpu.Diagnostics;

/// <summary>QEMU's own refusals of its command line, as libvirt reports them when QEMU exits before its monitor answers
/// (<c>qemuMonitorIO</c> with the tail of the domain's log): the domain's name, then what QEMU printed, prefixed with the
/// program's name. QEMU's <c>-msg timestamp=on</c> (libvirt always adds it) puts a time in front of what it prints once
/// that option is in force, which no prediction can know: the message leaves it out.</summary>
internal static partial class Diagnoses
{
    private static string QemuExited(string vm, string emulator, string said) =>
        $"QEMU unexpectedly closed the monitor (vm='{vm}'): {emulator}: {said}";

    /// <summary>QEMU's first pass over its arguments (<c>lookup_opt</c>) found no option of that name.</summary>
    public static Diagnostic QemuOptionInvalid(string vm, string emulator, string word) =>
        DiagnosticCatalogue.QemuOptionUnknown.With(QemuExited(vm, emulator, $"{word}: invalid option"));

    /// <summary>QEMU's first pass found an option that takes an argument as the last word.</summary>
    public static Diagnostic QemuOptionNeedsArgument(string vm, string emulator, string word) =>
        DiagnosticCatalogue.QemuOptionArgumentMissing.With(QemuExited(vm, emulator, $"{word}: requires an argument"));

    /// <summary>QEMU could not open a disk image a bare word named.</summary>
    public static Diagnostic QemuImageNotFound(string vm, string emulator, string image) =>
        DiagnosticCatalogue.QemuImageMissing.With(QemuExited(vm, emulator, $"{image}: Could not open '{image}': No such file or directory"));
}

using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;

namespace DomainCpu.Start;

/// <summary>
/// What QEMU itself does with the words <c>&lt;qemu:commandline&gt;</c> appends to libvirt's command line, as far as it
/// decides whether QEMU exits at once. QEMU reads its arguments twice (<c>qemu_init</c>): the first pass looks every word
/// that starts with a dash up in its option table (<c>lookup_opt</c>; <c>--name</c> is <c>-name</c>) and exits on a name
/// the table lacks or on an option that takes an argument with none left, the next word being its argument whatever it
/// looks like; the second pass takes every other word as a disk image, which QEMU opens, relative to libvirt's working
/// directory for QEMU (<c>/</c>), when it creates the machine. libvirt's own words are valid and complete, so the appended
/// ones are read alone. What QEMU does with an option's value, and images that are not plain files (<c>proto:</c>), are
/// not judged.
/// </summary>
internal static class QemuCommandLineCheck
{
    /// <summary>Throws QEMU's reason, as libvirt reports it, for the first appended word QEMU exits on; nothing when the
    /// target's QEMU catalog has no option table.</summary>
    /// <exception cref="DomainCpuException">QEMU would exit on the appended words.</exception>
    public static void Check(ArgvDomain domain, QemuOptionTable options, Func<string, bool>? pathExists)
    {
        var words = domain.QemuArgs;
        if (words.IsDefaultOrEmpty || !options.IsKnown) return;
        var vm = domain.Name ?? "";
        var emulator = EmulatorName(domain);
        var images = new List<string>();
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (!word.StartsWith('-'))
            {
                images.Add(word);
                continue;
            }
            var name = word.StartsWith("--", StringComparison.Ordinal) ? word[2..] : word[1..];
            switch (options.TakesArgument(name))
            {
                case null: throw domain.Error(QemuArgsKey, Diagnoses.QemuOptionInvalid(vm, emulator, word));
                case true when i + 1 == words.Length: throw domain.Error(QemuArgsKey, Diagnoses.QemuOptionNeedsArgument(vm, emulator, word));
                case true: i++; break;
            }
        }
        if (pathExists is null) return;
        foreach (var image in images.Where(IsPlainFile))
        {
            if (!pathExists(Path.Combine("/", image))) throw domain.Error(QemuArgsKey, Diagnoses.QemuImageNotFound(vm, emulator, image));
        }
    }

    /// <summary>The position key of the <c>&lt;qemu:commandline&gt;</c> element.</summary>
    public const string QemuArgsKey = "qemu:commandline";

    /// <summary>An empty word is a drive without a medium; a <c>proto:</c> prefix names a protocol, not a file.</summary>
    private static bool IsPlainFile(string image) => image.Length > 0 && !image.Split('/')[0].Contains(':', StringComparison.Ordinal);

    /// <summary>The program's name QEMU prints before its messages: the emulator libvirt runs (the domain's, else the one
    /// for the guest's architecture).</summary>
    private static string EmulatorName(ArgvDomain domain) =>
        domain.Emulator is { Length: > 0 } emulator ? Path.GetFileName(emulator)
            : "qemu-system-" + (domain.Info.Arch is null or "i686" ? "x86_64" : domain.Info.Arch);
}

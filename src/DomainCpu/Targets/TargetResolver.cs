using System.Collections.Concurrent;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.Targets;

/// <summary>
/// Decides a <see cref="Target"/> from a <see cref="TargetRequest"/>, each part by the first source that names it
/// (DESIGN.md, Targets): explicit options, then captured files, then this host's libvirt, then the newest profile.
/// The CPU models are a cpu_map directory given, else this host's when it is the target release's, else the embedded
/// table of that release's cpu_map models.
/// </summary>
public static class TargetResolver
{
    private static readonly ConcurrentDictionary<string, CpuCatalog> CpuMaps = new(StringComparer.Ordinal);

    /// <summary>Resolves the target of a request; cpu_map directories are read once per process.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The libvirt release asked for is not supported.</exception>
    /// <exception cref="Diagnostics.DomainCpuException">A cpu_map directory cannot be read.</exception>
    public static Target Resolve(TargetRequest request)
    {
        var (libvirt, libvirtOrigin) = ResolveLibvirt(request);
        var (qemuVersion, qemuOrigin) = ResolveQemu(request, libvirt);
        var qemu = EmbeddedCatalog.For(qemuVersion.Packed);
        var embeddedVersion = ReleaseVersion.FromPacked(EmbeddedCatalog.VersionFor(qemuVersion.Packed));
        var (models, modelsOrigin, directory) = ResolveModels(request, libvirt);
        return new Target(libvirt, models, qemu, new TargetOrigin(libvirtOrigin, modelsOrigin, embeddedVersion, qemuOrigin), directory);
    }

    /// <summary>The CPU models, where they came from in words, and the cpu_map directory they were read from (null for the
    /// embedded ones).</summary>
    private static (CpuCatalog Models, string Origin, string? Directory) ResolveModels(TargetRequest request, LibvirtProfile libvirt)
    {
        if (request.CpuMapDirectory is { } dir) return (LoadCpuMap(dir), $"the cpu_map {dir}", dir);
        if (request.Host is { CpuMapDirectory: { } hostMap } host && host.Libvirt is { } installed && LibvirtProfile.For(installed).Equals(libvirt))
        {
            return (LoadCpuMap(hostMap), $"this host's cpu_map {hostMap}", hostMap);
        }
        var (major, minor) = (libvirt.Version.Major, libvirt.Version.Minor);
        return (EmbeddedCpuMaps.For(major, minor), $"the embedded models of libvirt {EmbeddedCpuMaps.ReleaseFor(major, minor)}'s cpu_map", null);
    }

    /// <summary>The libvirt release alone, with where it came from: what commands that need no CPU models
    /// (<c>validate</c>, <c>format</c>) resolve, without reading a catalog.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The libvirt release asked for is not supported.</exception>
    public static ResolvedLibvirt ResolveLibvirt(TargetRequest request)
    {
        if (request.Libvirt is { } asked) return new(LibvirtProfile.For(asked), "--libvirt");
        if (request.QemuCapabilities is { LibvirtVersion: > 0 } caps)
        {
            var written = ReleaseVersion.FromPacked(caps.LibvirtVersion);
            return new(LibvirtProfile.For(written), $"the QEMU capabilities record written by libvirt {written}");
        }
        if (request.Host?.Libvirt is { } installed) return new(LibvirtProfile.For(installed), $"this host's libvirt {installed}");
        return new(LibvirtProfile.Newest, "the default (the newest supported libvirt)");
    }

    private static (ReleaseVersion, string) ResolveQemu(TargetRequest request, LibvirtProfile libvirt)
    {
        if (request.Qemu is { } asked) return (asked, "--qemu");
        if (request.QemuCapabilities is { Version: > 0 } caps)
        {
            return (ReleaseVersion.FromPacked(caps.Version), "the QEMU capabilities record");
        }
        if (MachineRelease(request.CapturedMachine) is { } named)
        {
            return (named, $"the domain capabilities' machine type {request.CapturedMachine}");
        }
        if (request.Host is { Qemu: { } installed } host && AnswersAsHost(host, libvirt))
        {
            return (installed, $"this host's QEMU {installed}");
        }
        return (libvirt.CompanionQemu, $"the QEMU that ships with libvirt {libvirt.Version}'s distribution");
    }

    /// <summary>Whether the target's libvirt is this host's own (or the host's release is unknown), so that the host's
    /// QEMU is the one it runs; another release named describes another machine.</summary>
    private static bool AnswersAsHost(HostInstallation host, LibvirtProfile libvirt) =>
        host.Libvirt is not { } installed || installed.Major == libvirt.Version.Major && installed.Minor == libvirt.Version.Minor;

    /// <summary>The QEMU release a versioned pc or q35 machine type is named after (<c>pc-q35-10.0</c> → 10.0); null
    /// for any other name.</summary>
    internal static ReleaseVersion? MachineRelease(string? machine)
    {
        if (machine is null) return null;
        foreach (var prefix in new[] { "pc-q35-", "pc-i440fx-" })
        {
            if (machine.StartsWith(prefix, StringComparison.Ordinal) && ReleaseVersion.TryParse(machine[prefix.Length..]) is { } v) return v;
        }
        return null;
    }

    private static CpuCatalog LoadCpuMap(string directory) => CpuMaps.GetOrAdd(Path.GetFullPath(directory), LibvirtCpuMap.LoadDirectory);
}

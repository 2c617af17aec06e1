using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Start;
using DomainCpu.Targets;
using DomainCpu.Xml;

namespace DomainCpu.Cli;

/// <summary>Host data files a command was given (<c>--caps</c>, <c>--domcaps</c>, <c>--qemu-caps</c>, or the hook's
/// configuration); null where none was named.</summary>
internal sealed record HostFiles(string? Caps, string? DomCaps, string? QemuCaps)
{
    /// <summary>Whether a host or domain capabilities file was named.</summary>
    public bool DescribeHost => Caps is not null || DomCaps is not null;

    /// <summary>Whether no host file at all was named: only then is this machine the host whose state is read.</summary>
    public bool ThisMachineIsTheHost => !DescribeHost && QemuCaps is null;
}

/// <summary>
/// The <see cref="StartContext"/> of the commands that start a domain (<c>argv</c>, <c>expand</c>, <c>hook</c>), decided
/// in one place: the host documents given (and only those: they may describe another host); else libvirt's record of
/// the QEMU binary the domain runs on — the one given with <c>--qemu-caps</c>, or the one this host's libvirt cached —;
/// else only the target (the caller probes this machine, or says that no host data was given).
/// </summary>
internal static class StartInputs
{
    /// <summary>The context for starting <paramref name="doc"/>.</summary>
    /// <param name="ctx">The command's context (this host's libvirt installation).</param>
    /// <param name="doc">The document being started (its type, architecture and emulator choose the cached record).</param>
    /// <param name="files">The files the user named.</param>
    /// <param name="resolve">The command's target for a QEMU record (the record names libvirt's and QEMU's release) and a
    /// domain capabilities document (its machine type names the QEMU release it was captured with).</param>
    public static StartContext Read(CliContext ctx, DomainDocument doc, HostFiles files, Func<QemuCapabilities?, DomainDocument?, Target> resolve)
    {
        if (files.DescribeHost)
        {
            var recordDoc = files.QemuCaps is null ? null : InputFiles.Load(ctx, files.QemuCaps);
            var caps = files.Caps is null ? null : InputFiles.Load(ctx, files.Caps);
            var domcaps = files.DomCaps is null ? null : InputFiles.Load(ctx, files.DomCaps);
            var target = resolve(recordDoc is null ? null : HostDocuments.ReadQemuRecord(recordDoc), domcaps ?? caps);
            return HostDocuments.Read(new StartContext { Target = target }, caps, domcaps, recordDoc);
        }
        var record = files.QemuCaps is { } path
            ? HostDocuments.ReadQemuRecord(InputFiles.Load(ctx, path))
            : CachedRecord(ctx, doc.ReadDomainInfo());
        return new StartContext { Target = resolve(record, null), QemuCapabilities = record };
    }

    /// <summary>Whether the context knows anything about the host (a document or a QEMU record).</summary>
    public static bool DescribesHost(StartContext context) =>
        context.QemuCapabilities is not null || context.DomainCapabilities is not null || context.HostCpu is not null || context.HostModel is not null;

    /// <summary>The record this host's libvirt cached for the QEMU binary the domain runs on; null when libvirt is not
    /// installed, has not probed that binary yet, or its cache cannot be read.</summary>
    public static QemuCapabilities? CachedRecord(CliContext ctx, DomainInfo domain)
    {
        if (ctx.Host is not { } host || RecordFor(host, domain) is not { } cached) return null;
        try
        {
            return HostDocuments.ReadQemuRecord(DomainDocument.LoadFile(cached.File));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The cached record of the domain's emulator; without one named, the binary libvirt picks for the
    /// guest architecture (qemu-system-ARCH; an i686 guest runs on qemu-system-x86_64 where qemu-system-i386 is missing).</summary>
    internal static CachedQemuRecord? RecordFor(HostInstallation host, DomainInfo domain)
    {
        if (domain.Emulator is { } emulator) return host.RecordFor(emulator);
        var arch = domain.Arch ?? "x86_64";
        CachedQemuRecord? Binary(string name) => host.QemuCapabilities.FirstOrDefault(r => Path.GetFileName(r.Emulator) == name);
        return arch is "i686" or "i386" ? Binary("qemu-system-i386") ?? Binary("qemu-system-x86_64") : Binary("qemu-system-" + arch);
    }
}

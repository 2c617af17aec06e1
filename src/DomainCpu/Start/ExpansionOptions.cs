using DomainCpu.Catalog;
using DomainCpu.Targets;

namespace DomainCpu.Start;

/// <summary>How a start-time expansion is done.</summary>
public sealed record ExpansionOptions
{
    /// <summary>The machine type the guest runs on (overrides the domain's); null to use the domain's.</summary>
    public string? Machine { get; init; }

    /// <summary>Replace an unversioned custom model by the concrete version the machine type resolves it to
    /// (<c>Haswell</c> → <c>Haswell-v1</c>), so the guest keeps the same CPU on any later QEMU. libvirt
    /// itself does not do this, so it is off by default.</summary>
    public bool PinModelVersion { get; init; }

    /// <summary>The CPU catalog (models, features, CPUID bits). With it, the host compare, update, translate
    /// and update-live steps run libvirt's x86 algorithms; without it only what domain capabilities tell.</summary>
    public CpuCatalog? Catalog { get; init; }

    /// <summary>The CPU data QEMU reports enabled on the started guest; null when unknown (no update-live).</summary>
    public X86Data? QemuEnabled { get; init; }

    /// <summary>The CPU data QEMU reports it could not enable; null when unknown.</summary>
    public X86Data? QemuDisabled { get; init; }

    /// <summary>The CPU models the hypervisor offers, in place of domain capabilities' custom model list: a custom
    /// CPU is translated to one of them (libvirt's translation, SPEC §7.6); null when not given.</summary>
    public IReadOnlyList<string>? AllowedModels { get; init; }

    /// <summary>The libvirt release whose CPU XML the domain is read and written in (and whose rules refuse it).</summary>
    public LibvirtProfile Libvirt { get; init; } = LibvirtProfile.Newest;

    /// <summary>The defaults: nothing pinned, no catalog, no QEMU report, the newest libvirt.</summary>
    public static ExpansionOptions Default { get; } = new();
}

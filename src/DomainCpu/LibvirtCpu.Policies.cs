using DomainCpu.Catalog;
using DomainCpu.Compat;
using DomainCpu.Diagnostics;
using DomainCpu.Xml;

namespace DomainCpu;

/// <summary>Xen-style CPU policies of a host, and a guest audited against them.</summary>
public static partial class LibvirtCpu
{
    /// <summary>The Xen-style <c>max</c> policy of a host (<c>domaincpu policy max</c>): everything a guest may get on it.</summary>
    /// <param name="host">Host capabilities, domain capabilities or a standalone host <c>&lt;cpu&gt;</c>.</param>
    /// <param name="catalog">The CPU catalog; null for the newest supported libvirt's (<see cref="DefaultModels"/>).</param>
    /// <exception cref="DomainCpuException">The host has no CPU model, or an unknown model or feature.</exception>
    public static CpuPolicy MaxPolicy(DomainDocument host, CpuCatalog? catalog = null) => MaxPolicy(InputOf(host, HostCpuOf(host)), catalog);

    /// <summary>The <c>max</c> policy of a host CPU read from an input (see <see cref="MaxPolicy(DomainDocument, CpuCatalog?)"/>).</summary>
    /// <exception cref="DomainCpuException">The host has no CPU model, or an unknown model or feature (placed at its <c>&lt;cpu&gt;</c>).</exception>
    public static CpuPolicy MaxPolicy(CpuInput host, CpuCatalog? catalog = null) =>
        Placed(host, () => Policies.Max(catalog ?? DefaultModels, host.Cpu));

    /// <summary>The migration-safe subset of the <c>max</c> policy (<c>domaincpu policy default</c>): without the features
    /// that block migration and those libvirt never passes to QEMU.</summary>
    /// <exception cref="DomainCpuException">The host has no CPU model, or an unknown model or feature.</exception>
    public static CpuPolicy DefaultPolicy(DomainDocument host, CpuCatalog? catalog = null) => DefaultPolicy(InputOf(host, HostCpuOf(host)), catalog);

    /// <summary>The <c>default</c> policy of a host CPU read from an input (see <see cref="DefaultPolicy(DomainDocument, CpuCatalog?)"/>).</summary>
    /// <exception cref="DomainCpuException">The host has no CPU model, or an unknown model or feature (placed at its <c>&lt;cpu&gt;</c>).</exception>
    public static CpuPolicy DefaultPolicy(CpuInput host, CpuCatalog? catalog = null) =>
        Placed(host, () => Policies.Default(catalog ?? DefaultModels, host.Cpu));

    /// <summary>Every feature a guest requests that the host's policies do not allow as is (<c>domaincpu policy
    /// audit</c>): <c>denied</c> (not in max) or <c>not-migration-safe</c> (in max, not in default).</summary>
    /// <returns>The findings in catalog order; empty when every requested feature is in the default policy.</returns>
    /// <exception cref="DomainCpuException">A document has no CPU, or an unknown model or feature.</exception>
    public static IReadOnlyList<AuditFinding> Audit(DomainDocument host, DomainDocument guest, CpuCatalog? catalog = null)
    {
        var hostInput = InputOf(host, HostCpuOf(host));
        return Audit(hostInput, InputOf(guest, RequireCpu(guest)), catalog);
    }

    /// <summary>The audit of a guest CPU against a host CPU, both read from inputs (see
    /// <see cref="Audit(DomainDocument, DomainDocument, CpuCatalog?)"/>).</summary>
    /// <exception cref="DomainCpuException">The host has no CPU model, or an unknown model or feature; placed at the CPU
    /// it is about.</exception>
    public static IReadOnlyList<AuditFinding> Audit(CpuInput host, CpuInput guest, CpuCatalog? catalog = null)
    {
        var models = catalog ?? DefaultModels;
        var max = MaxPolicy(host, models);
        var safe = DefaultPolicy(host, models);
        return Placed(guest, () => Policies.Audit(models, max, safe, guest.Cpu));
    }
}

using DomainCpu.Catalog;
using DomainCpu.Compat;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.X86;
using DomainCpu.Xml;

namespace DomainCpu;

/// <summary>Compare and baseline: a guest CPU against one host or a pool of hosts, and the CPU a pool can run.</summary>
public static partial class LibvirtCpu
{
    /// <summary>Whether a host can run a guest CPU (<c>domaincpu compare</c>).</summary>
    /// <param name="host">Host capabilities, domain capabilities (its host-model CPU) or a standalone host
    /// <c>&lt;cpu&gt;</c>.</param>
    /// <param name="guest">A domain or a standalone guest <c>&lt;cpu&gt;</c>.</param>
    /// <param name="catalog">The CPU catalog; null for the newest supported libvirt's (<see cref="DefaultModels"/>).</param>
    /// <returns>Identical, superset or incompatible, with the features that decide it.</returns>
    /// <exception cref="DomainCpuException">A document has no CPU, or libvirt would refuse the comparison (unknown
    /// model or feature, vendors that differ).</exception>
    public static CompareResult Compare(DomainDocument host, DomainDocument guest, CpuCatalog? catalog = null)
    {
        var hostCpu = HostCpuOf(host);
        return Compare(hostCpu, InputOf(guest, RequireCpu(guest)), catalog);
    }

    /// <summary>Whether a host CPU can run a guest CPU read from an input (<c>domaincpu compare [--caps HOST] CPU</c>).</summary>
    /// <param name="host">The host CPU: the <see cref="CpuInput.Cpu"/> of host capabilities or a host <c>&lt;cpu&gt;</c>,
    /// or this host's (<see cref="Capabilities"/>), as <c>virsh cpu-compare</c> takes it.</param>
    /// <param name="guest">The guest CPU (<see cref="CpuInput.ReadAll"/>).</param>
    /// <param name="catalog">The CPU catalog; null for the newest supported libvirt's (<see cref="DefaultModels"/>).</param>
    /// <returns>Identical, superset or incompatible, with the features that decide it.</returns>
    /// <exception cref="DomainCpuException">libvirt would refuse the comparison (unknown model or feature, vendors that
    /// differ); the finding is placed at the guest's <c>&lt;cpu&gt;</c>.</exception>
    public static CompareResult Compare(CpuDefinition host, CpuInput guest, CpuCatalog? catalog = null) =>
        Placed(guest, () => Comparer.Compare(catalog ?? DefaultModels, host, guest.Cpu));

    /// <summary>Which of several hosts can run a guest CPU (<c>domaincpu policy pool</c>, <c>compare --hosts</c>): the
    /// guest is prepared once and compared with each host, in the order given.</summary>
    /// <param name="guest">A domain or a standalone guest <c>&lt;cpu&gt;</c>.</param>
    /// <param name="hosts">Host capabilities, domain capabilities or standalone host <c>&lt;cpu&gt;</c> documents; each
    /// is named in the result by its <see cref="DomainDocument.File"/>.</param>
    /// <param name="catalog">The CPU catalog; null for the newest supported libvirt's (<see cref="DefaultModels"/>).</param>
    /// <exception cref="DomainCpuException">A document has no CPU, or libvirt would refuse a comparison.</exception>
    public static IReadOnlyList<PoolHost> Pool(DomainDocument guest, IReadOnlyList<DomainDocument> hosts, CpuCatalog? catalog = null)
    {
        var guestInput = InputOf(guest, RequireCpu(guest));
        return Pool(guestInput, hosts.Select((h, i) => InputOf(h, HostCpuOf(h)) with { Source = i }), catalog).ToList();
    }

    /// <summary>Which hosts of a pool can run a guest CPU, as the pool is read (<c>domaincpu compare --hosts</c>,
    /// <c>policy pool</c>): the guest is prepared once, and each host is compared when the result is enumerated, so a
    /// pool of any size is compared in the memory of one host (give a lazy sequence, such as a
    /// <see cref="HostCpuPoolReader"/>'s).</summary>
    /// <param name="guest">The guest CPU.</param>
    /// <param name="hosts">The host CPUs, in order; the CPUs of one file share a <see cref="CpuInput.Source"/>. A host
    /// is named by its file, or by <c>FILE:LINE:COL</c> when its file holds several CPUs.</param>
    /// <param name="catalog">The CPU catalog; null for the newest supported libvirt's (<see cref="DefaultModels"/>).</param>
    /// <returns>Each host with the guest's verdict on it, in pool order.</returns>
    /// <exception cref="DomainCpuException">While enumerating: a host is a guest's CPU (DC1501), or libvirt would refuse
    /// a comparison; the finding is placed at the guest when the guest is refused, else at the host.</exception>
    public static IEnumerable<PoolHost> Pool(CpuInput guest, IEnumerable<CpuInput> hosts, CpuCatalog? catalog = null) =>
        PoolComparison.Compare(catalog ?? DefaultModels, guest.Cpu, PoolHostNames.Of(hosts.Select(h => h.AsHost())),
                h => h.Cpu.Cpu, guest.Placed, (h, ex) => h.Cpu.Placed(ex))
            .Select(r => new PoolHost(r.Host.Name, r.Host.Cpu, r.Result));

    /// <summary>The features that keep a guest off hosts of a pool (<c>domaincpu policy pool</c>), in catalog order:
    /// the features a host lacks, or, for a host refused for what it has, those.</summary>
    /// <param name="pool">The pool's verdicts (<see cref="Pool(CpuInput, IEnumerable{CpuInput}, CpuCatalog?)"/>).</param>
    /// <param name="catalog">The CPU catalog the verdicts were computed with; null for the newest supported libvirt's (<see cref="DefaultModels"/>).</param>
    public static IReadOnlyList<BlockingFeature> Blocking(IEnumerable<PoolHost> pool, CpuCatalog? catalog = null) =>
        Policies.Blocking(catalog ?? DefaultModels, pool);

    /// <summary>The guest CPU every given host can run (<c>domaincpu baseline</c>).</summary>
    /// <param name="hosts">Host capabilities, domain capabilities or standalone host <c>&lt;cpu&gt;</c> documents.</param>
    /// <param name="options">Feature listing and filters; null for the defaults.</param>
    /// <param name="catalog">The CPU catalog; null for the newest supported libvirt's (<see cref="DefaultModels"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="hosts"/> is empty.</exception>
    /// <exception cref="DomainCpuException">A document without a CPU, or CPUs libvirt cannot baseline (vendors that
    /// differ, nothing in common, an unknown model or feature).</exception>
    public static CpuDefinition Baseline(IReadOnlyList<DomainDocument> hosts, BaselineOptions? options = null, CpuCatalog? catalog = null)
    {
        if (hosts.Count == 0) throw new ArgumentException("no host documents given", nameof(hosts));
        var cpus = hosts.Select(HostCpuOf).ToList();
        return Refusable(hosts[0], () => X86.Baseline.Compute(catalog ?? DefaultModels, cpus, options));
    }

    /// <summary>The guest CPU every host of a pool can run (<c>domaincpu baseline FILE|DIR…</c>), as libvirt's baseline
    /// API returns it. The pool is read once, in the memory of one host CPU (give a lazy sequence, such as a
    /// <see cref="HostCpuPoolReader"/>'s).</summary>
    /// <param name="hosts">The host CPUs, in order.</param>
    /// <param name="options">Feature listing and filters; null for the defaults.</param>
    /// <param name="catalog">The CPU catalog; null for the newest supported libvirt's (<see cref="DefaultModels"/>).</param>
    /// <exception cref="DomainCpuException">The refusal libvirt would report (a CPU without a model, vendors that differ,
    /// nothing in common, an unknown model or feature), placed at the CPU it is about, else at the first; no CPUs
    /// (DC1010, without a position).</exception>
    public static CpuDefinition Baseline(IEnumerable<CpuInput> hosts, BaselineOptions? options = null, CpuCatalog? catalog = null)
    {
        var builder = new BaselineBuilder(catalog ?? DefaultModels, options);
        // Only the CPUs a refusal is about are kept, to say where they are.
        CpuInput? first = null;
        var subjects = new Dictionary<DomainCpuException, CpuInput>(ReferenceEqualityComparer.Instance);
        foreach (var input in hosts)
        {
            first ??= input;
            if (builder.Add(input.Cpu) is { } refusal) subjects[refusal] = input;
        }
        try
        {
            return builder.Build();
        }
        catch (DomainCpuException ex) when (!ex.Diagnostic.HasLocation && first is not null)
        {
            throw subjects.GetValueOrDefault(ex, first).Placed(ex);
        }
    }

    /// <summary>The CPU of a document as an input, at its <c>&lt;cpu&gt;</c> (or its root).</summary>
    private static CpuInput InputOf(DomainDocument doc, CpuDefinition cpu) =>
        new(cpu, doc.File, SourcePosition.Of(doc.CpuElement ?? doc.Root));

    /// <summary>Turns a refused CPU operation into a finding at the input's CPU.</summary>
    private static T Placed<T>(CpuInput input, Func<T> operation) => DomainCpuException.Locate(input.File, input.Position, operation);
}

using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.X86;
using DomainCpu.Diagnostics;
using DomainCpu.Xml;

namespace DomainCpu.Compat;

/// <summary>A Xen-style CPU policy of a host: the CPU a guest may be given.</summary>
/// <param name="Name"><c>max</c> or <c>default</c>.</param>
/// <param name="Cpu">The policy as a guest CPU (host model, vendor, required and disabled features).</param>
/// <param name="Features">Every feature the policy includes, in catalog order.</param>
/// <param name="Excluded">Features of max left out of this policy, in catalog order (empty for max).</param>
public sealed record CpuPolicy(string Name, CpuDefinition Cpu, ImmutableArray<string> Features, ImmutableArray<string> Excluded)
{
    /// <summary>The CPUID/MSR data of the policy, which an audit checks a guest's features against.</summary>
    internal X86Data Data { get; init; } = X86Data.Empty;

    /// <summary>The policy as an <c>xl.cfg</c> line (<c>cpuid = "host,avx=0,…"</c>): the host's CPUID with the
    /// policy's exclusions turned off, named as libxl names them.</summary>
    public string ToXenCpuid() => XenCpuid.Line(this);
}

/// <summary>One requested feature an audit does not allow as is.</summary>
/// <param name="Feature">The feature name.</param>
/// <param name="Verdict"><c>denied</c> (not in max: the host cannot provide it) or <c>not-migration-safe</c>
/// (in max, not in default).</param>
/// <param name="Reason">Why, in one sentence.</param>
public sealed record AuditFinding(string Feature, string Verdict, string Reason);

/// <summary>Whether one host of a pool can run the guest.</summary>
/// <param name="Host">The host's name: its file, or <c>FILE:LINE:COL</c> when the file holds several host CPUs.</param>
/// <param name="Input">The host's CPU with the file and position it was read from.</param>
/// <param name="Compare">The explained compare verdict of the guest on this host.</param>
public sealed record PoolHost(string Host, CpuInput Input, CompareResult Compare)
{
    /// <summary>Whether the guest can run on this host.</summary>
    public bool CanRun => Compare.Result != CompareVerdict.Incompatible;
}

/// <summary>A feature that keeps a guest off hosts of a pool.</summary>
/// <param name="Feature">The feature name.</param>
/// <param name="Hosts">The hosts it keeps the guest off (<see cref="PoolHost.Host"/>), in pool order.</param>
public sealed record BlockingFeature(string Feature, ImmutableArray<string> Hosts);

/// <summary>
/// Xen-style CPU policies over libvirt's model (issue 8): <c>max</c> = everything a guest may get on the host,
/// <c>default</c> = its migration-safe subset (without non-migratable features and without the features
/// libvirt never passes to QEMU), an audit of a guest against them, and a pool report.
/// </summary>
internal static class Policies
{
    /// <summary>Everything the host can give a guest.</summary>
    /// <exception cref="DomainCpuException">The host has no model, or an unknown model or feature.</exception>
    public static CpuPolicy Max(CpuCatalog catalog, CpuDefinition host)
    {
        var name = host.ModelName ?? throw new DomainCpuException(Diagnoses.HostCpuModelMissing());
        var data = X86ModelData.All(catalog, host).Data;
        var cpu = new CpuDefinition
        {
            Type = CpuType.Guest,
            Mode = CpuMode.Custom,
            Match = CpuMatch.Exact,
            Model = new CpuModelName(name, CpuFallback.Forbid),
            Vendor = host.Vendor,
            Features = host.Features.Where(f => f.Policy is null or FeaturePolicy.Require or FeaturePolicy.Force or FeaturePolicy.Disable or FeaturePolicy.Forbid)
                .Select(f => new CpuFeature(f.Name, f.Policy is null or FeaturePolicy.Force ? FeaturePolicy.Require : f.Policy == FeaturePolicy.Forbid ? FeaturePolicy.Disable : f.Policy))
                .ToImmutableArray(),
        };
        return new CpuPolicy("max", cpu, catalog.FeatureNamesIn(data).ToImmutableArray(), ImmutableArray<string>.Empty) { Data = data };
    }

    /// <summary>The migration-safe subset of <see cref="Max"/>.</summary>
    /// <exception cref="DomainCpuException">The host has no model, or an unknown model or feature.</exception>
    public static CpuPolicy Default(CpuCatalog catalog, CpuDefinition host)
    {
        var max = Max(catalog, host);
        var excluded = catalog.Features.Where(f => max.Data.Contains(f.Data) && IsExcluded(f)).ToList();
        var data = excluded.Aggregate(max.Data, (d, f) => d.Except(f.Data));
        var names = excluded.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var cpu = max.Cpu with { Features = max.Cpu.Features.Where(f => !names.Contains(f.Name)).ToImmutableArray() };
        var model = catalog.FindModel(cpu.ModelName!)!;
        foreach (var f in excluded.Where(f => model.Data.Contains(f.Data))) cpu = CpuFeatureEdits.Update(cpu, f.Name, FeaturePolicy.Disable);
        return new CpuPolicy("default", cpu, catalog.FeatureNamesIn(data).ToImmutableArray(), excluded.Select(f => f.Name).ToImmutableArray()) { Data = data };
    }

    private static bool IsExcluded(FeatureInfo f) => !f.Migratable || FeaturesNeverPassedToQemu.Names.Contains(f.Name);

    /// <summary>Every feature the guest requests (its model's and its require/force features, less those it
    /// disables, forbids or makes optional) that the policies do not allow, in catalog order.</summary>
    /// <exception cref="DomainCpuException">Unknown model or feature.</exception>
    public static ImmutableArray<AuditFinding> Audit(CpuCatalog catalog, CpuPolicy max, CpuPolicy @default, CpuDefinition guest)
    {
        X86Data Of(FeaturePolicy p) => X86ModelData.WithPolicy(catalog, guest, p).Data;
        var requested = Of(FeaturePolicy.Require).Except(Of(FeaturePolicy.Optional)).Except(Of(FeaturePolicy.Disable))
            .Except(Of(FeaturePolicy.Forbid)).Union(Of(FeaturePolicy.Force));
        var findings = ImmutableArray.CreateBuilder<AuditFinding>();
        foreach (var f in catalog.Features)
        {
            if (!requested.Contains(f.Data)) continue;
            if (!max.Data.Contains(f.Data))
            {
                findings.Add(new AuditFinding(f.Name, "denied", "the host cannot provide it (not in max)"));
            }
            else if (!@default.Data.Contains(f.Data))
            {
                findings.Add(new AuditFinding(f.Name, "not-migration-safe", !f.Migratable
                    ? "it blocks migration (in max, not in default)"
                    : "libvirt never passes it to QEMU (in max, not in default)"));
            }
        }
        return findings.ToImmutable();
    }

    /// <summary>Features that keep the guest off at least one host, each with those hosts (catalog order): the
    /// features a host lacks, or, for a host refused for what it has, those.</summary>
    public static ImmutableArray<BlockingFeature> Blocking(CpuCatalog catalog, IEnumerable<PoolHost> pool)
    {
        var hostsOf = new Dictionary<string, ImmutableArray<string>.Builder>(StringComparer.Ordinal);
        foreach (var h in pool)
        {
            var deciding = !h.Compare.Missing.IsEmpty ? h.Compare.Missing
                : h.Compare.Result == CompareVerdict.Incompatible ? h.Compare.Extra
                : ImmutableArray<string>.Empty;
            foreach (var f in deciding.Distinct())
            {
                if (!hostsOf.TryGetValue(f, out var hosts)) hostsOf[f] = hosts = ImmutableArray.CreateBuilder<string>();
                hosts.Add(h.Host);
            }
        }
        return catalog.Features.Where(f => hostsOf.ContainsKey(f.Name))
            .Select(f => new BlockingFeature(f.Name, hostsOf[f.Name].ToImmutable())).ToImmutableArray();
    }
}

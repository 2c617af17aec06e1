using System.Collections.Frozen;
using DomainCpu.Schema;

namespace DomainCpu.Diagnostics;

/// <summary>Every rule <see cref="Validator"/> applies, by id. Ids never change meaning; new rules get new ids.</summary>
public static class ValidationRules
{
    private const string S = "schema";
    private const string M = "semantic";
    private const DiagnosticSeverity E = DiagnosticSeverity.Error;
    private const DiagnosticSeverity W = DiagnosticSeverity.Warning;

    /// <summary>All rules in id order.</summary>
    public static IReadOnlyList<ValidationRule> All { get; } =
    [
        new("DC0100", S, E, "The document does not match the schema (an element, attribute or value the schema does not allow)."),
        new("DC0102", S, E, "A host CPU (one with <arch>) carries a guest-only attribute (mode, match, check, migratable)."),
        new("DC0103", S, E, "The cpu mode is not custom, host-model, host-passthrough or maximum."),
        new("DC0104", M, E, "migratable is only allowed with host-passthrough or maximum."),
        new("DC0105", S, E, "match, check, migratable or deprecated_features has a value libvirt does not know."),
        new("DC0106", S, E, "The model fallback is not allow or forbid."),
        new("DC0107", S, E, "vendor_id is not exactly 12 characters long."),
        new("DC0108", S, E, "vendor_id contains a comma."),
        new("DC0109", M, E, "A CPU vendor is given without a CPU model."),
        new("DC0110", S, E, "A topology attribute is missing, zero or not a decimal number."),
        new("DC0111", M, E, "A custom CPU lists features but has no model."),
        new("DC0112", S, E, "A feature policy is not force, require, optional, disable or forbid."),
        new("DC0113", S, E, "A feature name is missing, empty or has characters libvirt does not allow."),
        new("DC0114", M, E, "The same feature is listed more than once."),
        new("DC0115", S, E, "More than one <cache> element."),
        new("DC0116", S, E, "The cache level is not 1, 2 or 3, or the cache mode is missing or unknown."),
        new("DC0117", S, E, "The maxphysaddr mode is missing or unknown, or bits or limit is not a number."),
        new("DC0118", S, E, "A host CPU has no <arch>, or an architecture libvirt does not know."),
        new("DC0119", S, E, "The NUMA topology has no cells, or a cell, distance, cache or interconnect is malformed."),
        new("DC0120", M, E, "check is set on a custom CPU that has no model (and the driver adds no default model)."),
        new("DC0122", S, W, "The deprecated feature form mode='set|check' value='on|off' is used; write policy= instead."),
        new("DC0124", S, E, "An element that may appear at most once appears more than once."),
        new("DC0125", S, E, "A required element is missing."),
        new("DC0126", S, E, "A feature needs exactly one of policy= or the deprecated mode=; value= only goes with mode=."),
        new("DC0127", S, E, "A standalone CPU mixes guest and host parts (such as <numa> next to <arch>, or policy on a host feature)."),
        new("DC0128", S, E, "Domain capabilities' <cpu> does not have the four modes in order, or a mode has children it does not allow."),
        new("DC0130", S, E, "The vCPU count is not a number from 1 to 65535."),
        new("DC0150", M, W, "The topology's sockets × dies × clusters × cores × threads differs from the <vcpu> count (every QEMU since 2.7 refuses to start such a domain; libvirt checks it only when QEMU reports hot-pluggable CPUs)."),
        new("DC0151", M, E, "The topology describes more than 4294967295 CPUs, or one of its numbers is out of range."),
        new("DC0152", M, W, "fallback or vendor_id is given without a model name and has no effect."),
        new("DC0153", M, W, "A part of <cpu> that this mode ignores (model, vendor, fallback, vendor_id, match)."),
        new("DC0154", M, E, "The NUMA cells are inconsistent (ids, overlapping vCPUs, distances, caches, interconnects, vCPU count)."),
        new("DC0155", M, W, "The NUMA cells' vCPU count differs from the topology's."),
        new("DC0156", M, E, "The <cache> mode and level do not fit (emulate needs level 3; passthrough only with host-passthrough or maximum; passthrough and disable take no level; x86 only)."),
        new("DC0157", M, E, "The <maxphysaddr> mode and bits do not fit (passthrough takes no bits; emulate needs bits before libvirt 9.2; x86 only)."),
        new("DC0158", M, E, "<qemu:cpu> names a model and <cpu> names one too."),
        new("DC0159", M, E, "The current vCPU count is greater than the maximum."),
        new("DC0160", M, E, "A host CPU has no model name."),
        new("DC0161", M, E, "More than 255 vCPUs on an x86 machine type that is not q35."),
        new("DC0162", M, E, "On pSeries the vCPU count is not a multiple of the threads per core (the hotplug granularity)."),
        new("DC0200", S, E, "An element, attribute or value the chosen libvirt release does not have yet; the finding names the release that added it."),
        new("DC0201", M, E, "<maxphysaddr limit> is zero or given with a mode other than passthrough."),
        new("DC0202", M, E, "deprecated_features on a guest that is not s390x (QEMU reports deprecated CPU features for s390x only, so libvirt refuses to start it)."),
        new("DC0203", S, E, "An element directly under <domain> that libvirt's domain does not have (such as <topology> or <numa>, which belong inside <cpu>)."),
        new("DC0204", S, E, "<numatune><memory placement='auto'> with a nodeset (auto placement takes the host nodes from numad)."),
    ];

    private static readonly FrozenDictionary<string, ValidationRule> ById = All.ToFrozenDictionary(r => r.Id);

    /// <summary>The rule with this id.</summary>
    /// <exception cref="KeyNotFoundException">No rule has the id.</exception>
    public static ValidationRule Get(string id) => ById[id];
}

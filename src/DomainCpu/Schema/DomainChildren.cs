using System.Collections.Frozen;
using System.Xml.Linq;
using DomainCpu.Diagnostics;
using DomainCpu.Targets;

namespace DomainCpu.Schema;

/// <summary>
/// The names libvirt's domain schema allows for the children of <c>&lt;domain&gt;</c> (without a namespace), each with
/// the rule of the release that added it. DomainCpu's schemas leave the content of most children open, but a child
/// libvirt does not know (a <c>&lt;topology&gt;</c> that belongs inside <c>&lt;cpu&gt;</c>) is refused, as libvirt's
/// RELAX NG refuses it. Namespaced children (<c>qemu:commandline</c>, …) stay open.
/// </summary>
internal static class DomainChildren
{
    private static readonly FrozenDictionary<string, LibvirtRule?> Known = new Dictionary<string, LibvirtRule?>(StringComparer.Ordinal)
    {
        ["blkiotune"] = null, ["bootloader"] = null, ["bootloader_args"] = null, ["clock"] = null, ["cpu"] = null,
        ["cputune"] = null, ["currentMemory"] = null, ["defaultiothread"] = null, ["description"] = null, ["devices"] = null,
        ["features"] = null, ["genid"] = null, ["idmap"] = null, ["iothreadids"] = null, ["iothreads"] = null,
        ["keywrap"] = null, ["launchSecurity"] = null, ["maxMemory"] = null, ["memory"] = null, ["memoryBacking"] = null,
        ["memtune"] = null, ["metadata"] = null, ["name"] = null, ["numatune"] = null, ["on_crash"] = null,
        ["on_lockfailure"] = null, ["on_poweroff"] = null, ["on_reboot"] = null, ["os"] = null, ["perf"] = null, ["pm"] = null,
        ["resource"] = null, ["seclabel"] = null, ["sysinfo"] = null, ["title"] = null, ["uuid"] = null, ["vcpu"] = null,
        ["vcpus"] = null,
        ["throttlegroups"] = LibvirtRules.ThrottleGroupsElement,
        ["hwuuid"] = LibvirtRules.HwUuidElement,
        ["iommufd"] = LibvirtRules.IommufdElement,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The children that may repeat; every other one appears at most once.</summary>
    private static readonly FrozenSet<string> Repeatable = FrozenSet.ToFrozenSet(["seclabel", "sysinfo"], StringComparer.Ordinal);

    private static readonly FrozenDictionary<ReleaseVersion, Allowed> ByRelease =
        LibvirtProfile.Supported.ToFrozenDictionary(p => p.Version, p => new Allowed(NamesOf(p)));

    /// <summary>Whether libvirt's domain, in any release DomainCpu knows, has a child of this name.</summary>
    public static bool IsKnown(string name) => Known.ContainsKey(name);

    /// <summary>The rule that added a child; null for one every supported release has (or an unknown name).</summary>
    public static LibvirtRule? AddedBy(string name) => Known.GetValueOrDefault(name);

    /// <summary>The children a release allows.</summary>
    public static Allowed For(LibvirtProfile libvirt) =>
        ByRelease.TryGetValue(libvirt.Version, out var allowed) ? allowed : new Allowed(NamesOf(libvirt));

    /// <summary>The children one release allows: which names, and which of them repeat.</summary>
    public sealed class Allowed(FrozenSet<string> names)
    {
        /// <summary>Whether the next child, of this name, is allowed after the ones <paramref name="seen"/> (which
        /// it joins).</summary>
        public bool Accepts(string name, ISet<string> seen) => names.Contains(name) && (Repeatable.Contains(name) || seen.Add(name));
    }

    private static FrozenSet<string> NamesOf(LibvirtProfile libvirt) =>
        Known.Where(k => k.Value is null || libvirt.Has(k.Value)).Select(k => k.Key).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Reports every child without a namespace that libvirt's domain does not have in any release, and every
    /// repeat of a child that appears at most once.</summary>
    public static void Check(XElement domain, Findings f)
    {
        foreach (var name in domain.Elements().Where(e => e.Name.Namespace == XNamespace.None).Select(e => e.Name.LocalName).Distinct())
        {
            if (IsKnown(name) && !Repeatable.Contains(name)) XmlChecks.AtMostOnce(domain, name, f);
        }
        foreach (var e in domain.Elements().Where(e => e.Name.Namespace == XNamespace.None && !IsKnown(e.Name.LocalName)))
        {
            var inCpu = e.Name.LocalName is "model" or "vendor" or "topology" or "feature" or "numa" or "cache" or "maxphysaddr";
            f.Add(e, Diagnoses.NotADomainChildElement(e.Name.LocalName, inCpu));
        }
    }
}

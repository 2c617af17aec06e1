namespace DomainCpu.Targets;

/// <summary>Every behaviour that differs between the libvirt releases DomainCpu reproduces, each with the release that
/// introduced it. The one place where libvirt's history is written down: a profile is a version plus the rules it
/// has (<see cref="LibvirtProfile"/>).</summary>
public static class LibvirtRules
{
    /// <summary>The host CPU probe reads every MSR the cpu_map defines features with (vmx-* capabilities, core
    /// capabilities, …), not only IA32_ARCH_CAPABILITIES when CPUID announces it. (Release estimated: the probe has to
    /// read MSRs once the map defines features by them, and NEWS 10.2.0's fix of migration "from libvirt older than
    /// 9.10.0 when vmx is enabled" dates the vmx-* features of the map to 9.10; NEWS names no change of the probe
    /// itself, and no source between 9.0 and 11.3 was at hand.)</summary>
    public static readonly LibvirtRule HostProbeReadsEveryMapMsr =
        new("HostProbeReadsEveryMapMsr", new(9, 10), "the host CPU probe reads every MSR the cpu_map's features use");

    /// <summary><c>&lt;topology clusters='N'&gt;</c>: parsed, counted in the vCPU arithmetic, written as
    /// <c>clusters='1'</c> when absent, and passed to <c>-smp</c>.</summary>
    public static readonly LibvirtRule ClustersInTopology =
        new("ClustersInTopology", new(10, 1), "<topology> takes clusters, counted in the vCPU total and passed to -smp");

    /// <summary>Features a cpu_map model gained after its first release (<c>added='yes'</c>, the vmx-* features) are
    /// not held against a running guest: when QEMU enables or disables one the definition does not name,
    /// <c>check='full'</c> updates the CPU instead of refusing it (NEWS.rst 10.2.0: migration with vmx works again).
    /// The live update also consumes the disabled data it acts on (a feature marked disabled takes its bits out, so
    /// the final check='full' test and later features sharing them see the rest) and refuses data in which QEMU
    /// reports a feature both enabled and disabled (release estimated: the same series; NEWS names no other change of
    /// the live update between 9.0 and 11.3, whose sources are the only ones at hand).</summary>
    public static readonly LibvirtRule AddedModelFeatures =
        new("AddedModelFeatures", new(10, 2), "a model's added features do not fail check='full' when QEMU toggles them");

    /// <summary><c>check='partial'</c> trusts QEMU for a usable model: a model QEMU reports usable, with features only
    /// disabled, is not compared with the host CPU (<c>virQEMUCapsIsCPUUsable</c>, first in 11.3's
    /// <c>qemuDomainCheckCPU</c>; formatdomaincaps of 11.3 and 12.8 dates it to 10.2.0).</summary>
    public static readonly LibvirtRule PartialCheckTrustsUsableModels =
        new("PartialCheckTrustsUsableModels", new(10, 2), "check='partial' skips models QEMU reports usable when the CPU only disables features");

    /// <summary><c>check='partial'</c> judges a model without <c>&lt;check partial='compat'/&gt;</c> in the cpu_map by
    /// QEMU's host model and the model's blockers (the CPU's required features and every blocker it does not
    /// disable); only compat-mode models (and CPUs QEMU cannot judge) are compared with the host CPU through the cpu_map
    /// (<c>virCPUCompareUnusable</c> and <c>virCPUGetCheckMode</c> in 11.3's <c>qemuDomainCheckCPU</c>). (Release
    /// estimated: it needs the blockers QEMU's models carry since 10.9 (<see cref="DomainCapsBlockers"/>) and came with
    /// the compat markers of the cpu_map, after the versioned models of 10.10; NEWS 10.9.0 to 11.3.0 and 11.3's docs
    /// name neither, and only 9.0's and 11.3's sources were at hand.)</summary>
    public static readonly LibvirtRule PartialCheckTrustsQemu =
        new("PartialCheckTrustsQemu", new(11, 0), "check='partial' checks models without the compat marker by QEMU's blockers");

    /// <summary>libvirt's CPU map has QEMU's versioned x86 model names (<c>Haswell-v1</c>), so a domain may name them;
    /// before, libvirt refuses such a guest as an unknown model.</summary>
    public static readonly LibvirtRule VersionedModelNames =
        new("VersionedModelNames", new(10, 10), "QEMU's versioned CPU model names (Haswell-v1) are models of libvirt's CPU map");

    /// <summary>The <c>-cpu</c> cache properties (<c>l3-cache=off</c>, <c>host-cache-info=off</c>) are written without asking
    /// the QEMU record for <c>cpu-cache</c>, a capability libvirt retired (every QEMU it supports has them). (Release
    /// estimated: 9.0's <c>qemuBuildCpuCommandLine</c> still asks for <c>QEMU_CAPS_CPU_CACHE</c>, which 9.0 sets for
    /// every x86 binary with CPU model expansion; 11.3 has it as the retired <c>X_QEMU_CAPS_CPU_CACHE</c>. NEWS does
    /// not list retired capabilities, and no source between 9.0 and 11.3 was at hand.)</summary>
    public static readonly LibvirtRule CacheWithoutCapability =
        new("CacheWithoutCapability", new(9, 1), "the -cpu cache properties are written without the cpu-cache capability");

    /// <summary><c>&lt;hyperv&gt;</c> takes <c>emsr_bitmap</c> and <c>xmm_input</c> (<c>hv-emsr-bitmap</c>,
    /// <c>hv-xmm-input</c>); before, libvirt refuses them as unsupported enlightenments (NEWS 10.7.0 has one entry for
    /// each; 11.3's formatdomain dates both to 10.7.0).</summary>
    public static readonly LibvirtRule HypervNestedEnlightenments =
        new("HypervNestedEnlightenments", new(10, 7), "<hyperv> takes emsr_bitmap and xmm_input");

    /// <summary><c>&lt;maxphysaddr mode='emulate'/&gt;</c> without <c>bits</c> is accepted (QEMU's default width); before,
    /// the QEMU driver refused it (formatdomain: bits "optional since 9.2.0").</summary>
    public static readonly LibvirtRule MaxPhysAddrEmulateBitsOptional =
        new("MaxPhysAddrEmulateBitsOptional", new(9, 2), "<maxphysaddr mode='emulate'> may leave out bits");

    /// <summary><c>&lt;maxphysaddr limit='N'&gt;</c>: an upper bound for mode passthrough (NEWS 9.3.0, "improve handling
    /// of maximum physical address configuration").</summary>
    public static readonly LibvirtRule MaxPhysAddrLimit =
        new("MaxPhysAddrLimit", new(9, 3), "<maxphysaddr> takes limit (mode passthrough only)");

    /// <summary>Domain capabilities' host-model mode holds a <c>&lt;maxphysaddr mode='passthrough' limit='N'/&gt;</c> (the
    /// same series as <see cref="MaxPhysAddrLimit"/>).</summary>
    public static readonly LibvirtRule DomainCapsHostModelMaxPhysAddr =
        new("DomainCapsHostModelMaxPhysAddr", new(9, 3), "domain capabilities' host-model holds <maxphysaddr>");

    /// <summary>The architecture name <c>loongarch64</c> (NEWS 10.2.0).</summary>
    public static readonly LibvirtRule LoongArchArchitecture =
        new("LoongArchArchitecture", new(10, 2), "the architecture loongarch64");

    /// <summary>Domain capabilities list the features that block an unusable custom model in
    /// <c>&lt;blockers model='M'&gt;</c> (NEWS 10.9.0).</summary>
    public static readonly LibvirtRule DomainCapsBlockers =
        new("DomainCapsBlockers", new(10, 9), "domain capabilities' custom models are followed by <blockers>");

    /// <summary>Domain capabilities' custom models carry <c>canonical='M-vN'</c>, their versioned name (NEWS 10.10.0,
    /// versioned CPU models).</summary>
    public static readonly LibvirtRule DomainCapsCanonicalModels =
        new("DomainCapsCanonicalModels", new(10, 10), "domain capabilities' custom models carry canonical=");

    /// <summary><c>&lt;tlbflush&gt;</c> takes its <c>&lt;direct&gt;</c> and <c>&lt;extended&gt;</c> children
    /// (<c>hv-tlbflush-direct</c>, <c>hv-tlbflush-ext</c>); before, libvirt refuses them as unsupported enlightenments
    /// (NEWS 11.0.0, direct and extended tlbflush; 11.3's formatdomain dates the modes to 11.0.0).</summary>
    public static readonly LibvirtRule HypervTlbflushModes =
        new("HypervTlbflushModes", new(11, 0), "<hyperv><tlbflush> takes <direct> and <extended>");

    /// <summary><c>&lt;cpu deprecated_features='on|off'&gt;</c>: whether the CPU model's deprecated features are enabled
    /// (QEMU reports them for s390x only, since QEMU 9.1's deprecated-props; formatdomain dates the attribute to 11.0.0,
    /// NEWS does not name it).</summary>
    public static readonly LibvirtRule DeprecatedCpuFeatures =
        new("DeprecatedCpuFeatures", new(11, 0), "<cpu> takes deprecated_features");

    /// <summary>The domain child <c>&lt;throttlegroups&gt;</c> (NEWS 11.2.0, throttle filters).</summary>
    public static readonly LibvirtRule ThrottleGroupsElement =
        new("ThrottleGroupsElement", new(11, 2), "<domain> takes <throttlegroups>");

    /// <summary>The domain child <c>&lt;hwuuid&gt;</c> (12.8's formatdomain dates it to 11.7.0; NEWS does not name
    /// it).</summary>
    public static readonly LibvirtRule HwUuidElement =
        new("HwUuidElement", new(11, 7), "<domain> takes <hwuuid>");

    /// <summary><c>ht</c> and <c>cmp_legacy</c> are left to QEMU, which sets them from the topology (from QEMU 10.0 it
    /// reports them among the vCPU's features): libvirt drops them from the CPU it starts QEMU with (no <c>ht=on</c>,
    /// <c>cmp-legacy=on</c> on <c>-cpu</c>) and ignores them in what QEMU reports, so neither is in the live CPU and
    /// check='full' no longer fails on them (NEWS 11.10.0: incoming migration to QEMU 10.0 failed with "extra features:
    /// ht").</summary>
    public static readonly LibvirtRule TopologyFeaturesLeftToQemu =
        new("TopologyFeaturesLeftToQemu", new(11, 10), "ht and cmp_legacy are left to QEMU: not on -cpu, not in the live CPU");

    /// <summary>The domain child <c>&lt;iommufd&gt;</c> (NEWS 12.2.0).</summary>
    public static readonly LibvirtRule IommufdElement =
        new("IommufdElement", new(12, 2), "<domain> takes <iommufd>");

    /// <summary>Domain capabilities list the host-model CPU's features by name; the CPU libvirt starts a host-model guest
    /// with keeps its own order (the required features, then the disabled ones, each in cpu_map order), so reading the
    /// host model back from domain capabilities must restore it. (Release estimated: 11.3 lists them in cpu_map order,
    /// 12.8 by name, and 12.8's libvirt.so exports <c>virCPUDefSortFeatures</c>, which 11.3's lacks. Between them NEWS
    /// names two changes of the host-model CPU in domain capabilities, the expanded-features flag of 12.2.0 and the
    /// supported-features flag of 12.5.0; this takes the first. No source or build between 11.3 and 12.8 was at
    /// hand: Debian's pool serves no 12.x source, and trixie-backports has only 12.9.)</summary>
    public static readonly LibvirtRule DomainCapsHostModelFeaturesByName =
        new("DomainCapsHostModelFeaturesByName", new(12, 2), "domain capabilities list the host-model features by name");

    /// <summary>A host CPU's feature names may contain '.' (<c>sse4.1</c>), as libvirt itself reports them: the
    /// <c>hostcpu</c> feature pattern of cputypes.rng gains '.' between 11.3 and 12.8 (the guest CPU's
    /// <c>featureName</c> had it already). (Release unknown: NEWS 11.4.0 to 12.8.0 name no schema change of the host CPU,
    /// and no schema between the two was at hand, so this is the first release DomainCpu has seen it in.)</summary>
    public static readonly LibvirtRule DottedHostFeatureNames =
        new("DottedHostFeatureNames", new(12, 8), "a host CPU's feature names may contain '.'");

    /// <summary><c>&lt;panic model='hyperv'&gt;</c> gives <c>hv-crash=on</c> on the command line, not a bare <c>hv-crash</c>.
    /// (Release estimated: 11.3's <c>qemuBuildCpuCommandLine</c> appends the bare form after the enlightenments, which
    /// it formats as <c>hv-%s=on</c>; 12.8's QEMU driver holds <c>,hv-crash=on</c> next to <c>,hv-passthrough=on</c> and
    /// <c>,hv-vendor-id=%s</c> as literals, so the Hyper-V part of <c>-cpu</c> was rewritten in between. The only Hyper-V
    /// change of the QEMU driver NEWS names there is the host-model mode of 11.9.0, which expands the enlightenments at
    /// start; 12.1.0 only parses them for host-model.)</summary>
    public static readonly LibvirtRule HypervCrashSwitch =
        new("HypervCrashSwitch", new(11, 9), "the hyperv panic device gives hv-crash=on");

    /// <summary>A Hyper-V enlightenment is refused, at define and at start, while one it depends on is not on:
    /// <c>stimer</c> needs the <c>hypervclock</c> timer (<c>present='yes'</c>) and <c>synic</c>, <c>tlbflush</c> and
    /// <c>ipi</c> need <c>vpindex</c>, <c>evmcs</c> and tlbflush's <c>direct</c> need <c>vapic</c>
    /// (<c>Start.HypervDependencies</c> holds the table). NEWS 11.9.0 brings the validation of dependencies between
    /// enlightenments "for new domains"; 12.8 (sid's virsh, define and domxml-to-native, on q35 and pc-i440fx-5.2
    /// alike) refuses each of these with "'X' hyperv feature requires 'Y' feature|timer", and 11.3 (trixie's virsh, on
    /// q35, pc-i440fx-3.0 and pc-q35-3.0) defines and starts every one of them. Only the <c>custom</c> mode is checked:
    /// 12.8 accepts <c>mode='passthrough'</c> with <c>stimer</c> alone.</summary>
    public static readonly LibvirtRule HypervDependencies =
        new("HypervDependencies", new(11, 9), "a Hyper-V enlightenment needs the enlightenments (and timer) it depends on");

    /// <summary><c>synic</c> no longer needs <c>vpindex</c>: NEWS 12.0.0 removed the dependency checks of
    /// <see cref="HypervDependencies"/> that do not hold for old machine types (its examples are <c>pc-i440fx-3.0</c>
    /// and <c>pc-q35-3.0</c>, the machines for which QEMU lets a SynIC work without VP_INDEX). 12.8 accepts
    /// <c>synic</c> alone on every machine type; which checks 11.9 had beyond 12.8's is estimated from QEMU's own
    /// dependency list, where synic → vpindex is the only one with such a machine-type exception.</summary>
    public static readonly LibvirtRule SynicWithoutVpindex =
        new("SynicWithoutVpindex", new(12, 0), "the Hyper-V synic enlightenment no longer needs vpindex");

    /// <summary><c>deprecated_features</c> on a CPU whose QEMU reports no deprecated properties (every x86 QEMU) is
    /// accepted at start and changes nothing on the command line; before, the start refused it ("toggling deprecated
    /// features for CPU model is unsupported", <c>qemuProcessUpdateGuestCPU</c> of 11.3, asked whenever the QEMU record
    /// lacks the deprecated-props expansion). (Release estimated: 12.8's QEMU driver no longer holds that message and
    /// has the <c>default_cpu_deprecated_features</c> setting of qemu.conf, the series of NEWS 11.6.0 that made
    /// <c>deprecated_features='off'</c> the default of s390 host-model guests; that default would otherwise refuse every
    /// such guest on a QEMU without deprecated properties. NEWS names no other change of deprecated features between
    /// 11.3 and 12.8.)</summary>
    public static readonly LibvirtRule DeprecatedFeaturesWithoutQemuSupport =
        new("DeprecatedFeaturesWithoutQemuSupport", new(11, 6), "deprecated_features is accepted where QEMU reports no deprecated properties");

    /// <summary>libvirt reads a started x86 vCPU back from QEMU (and then updates the live CPU and sets <c>check='full'</c>)
    /// only through the generic <c>unavailable-features</c> path, so only when its record of the binary has the
    /// <c>cpu-unavailable-features</c> flag; before, the x86 <c>feature-words</c> path read every other binary. The
    /// flag comes from the properties of <c>max-x86_64-cpu</c>, a type qemu-system-i386 does not have, so a guest on
    /// that binary keeps the CPU it started with, <c>check</c> included. (Release estimated: 11.3's QEMU driver still
    /// has <c>qemuMonitorGetGuestCPUx86</c> and the <c>feature-words</c>/<c>filtered-features</c> reads, 12.8's has
    /// none of them; NEWS names no change of how a started CPU is read, and the minimum QEMU went to 7.2 in NEWS
    /// 12.4.0, the only bump between them, whose clean-ups are taken to have dropped the x86 path.)</summary>
    public static readonly LibvirtRule StartedCpuReadOnlyWithUnavailableFeatures =
        new("StartedCpuReadOnlyWithUnavailableFeatures", new(12, 4), "the started vCPU is read back only from a QEMU with cpu-unavailable-features");

    /// <summary>A disabled or forbidden x86 feature QEMU does not know (not a property of its host CPU) stays in the
    /// guest CPU, live XML included, and only the <c>-cpu</c> argument leaves it out (<c>qemuBuildCpuModelArgStr</c> of
    /// 11.3, which asks QEMU's known features); before, <c>qemuProcessUpdateGuestCPU</c> dropped it from the CPU at start
    /// (9.0's <c>qemuProcessDropUnknownCPUFeatures</c>). NEWS 10.5.0 is that fix: migrating a guest with disabled vmx-*
    /// features failed because the destination, which had dropped them, took them to be enabled.</summary>
    public static readonly LibvirtRule UnknownFeaturesSkippedOnCommandLine =
        new("UnknownFeaturesSkippedOnCommandLine", new(10, 5), "disabled features unknown to QEMU stay in the CPU, off -cpu only");

    /// <summary>When QEMU exits before its monitor answers, the error names the domain: "QEMU unexpectedly closed the
    /// monitor (vm='NAME'): …" where libvirt 9.0 writes "qemu unexpectedly closed the monitor: …" (both seen live, with
    /// QEMU's refusal of a <c>&lt;qemu:commandline&gt;</c> word). (Release unknown: NEWS names no such change and no
    /// source between 9.0 and 11.3 was at hand, so this is the first release DomainCpu has seen it in.)</summary>
    public static readonly LibvirtRule QemuExitNamesDomain =
        new("QemuExitNamesDomain", new(11, 3), "the error of a QEMU that exits at start names the domain");

    /// <summary>Every rule, oldest first.</summary>
    public static IReadOnlyList<LibvirtRule> All { get; } =
    [
        CacheWithoutCapability,
        MaxPhysAddrEmulateBitsOptional,
        MaxPhysAddrLimit,
        DomainCapsHostModelMaxPhysAddr,
        HostProbeReadsEveryMapMsr,
        ClustersInTopology,
        AddedModelFeatures,
        PartialCheckTrustsUsableModels,
        LoongArchArchitecture,
        UnknownFeaturesSkippedOnCommandLine,
        HypervNestedEnlightenments,
        DomainCapsBlockers,
        VersionedModelNames,
        DomainCapsCanonicalModels,
        PartialCheckTrustsQemu,
        HypervTlbflushModes,
        DeprecatedCpuFeatures,
        ThrottleGroupsElement,
        QemuExitNamesDomain,
        DeprecatedFeaturesWithoutQemuSupport,
        HwUuidElement,
        HypervCrashSwitch,
        HypervDependencies,
        TopologyFeaturesLeftToQemu,
        SynicWithoutVpindex,
        IommufdElement,
        DomainCapsHostModelFeaturesByName,
        StartedCpuReadOnlyWithUnavailableFeatures,
        DottedHostFeatureNames,
    ];
}

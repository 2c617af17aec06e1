using static DomainCpu.Diagnostics.DiagnosticCatalogue;

namespace DomainCpu.Diagnostics;

/// <summary>The findings about a domain's QEMU arguments: <c>&lt;qemu:cpu&gt;</c>, the parts of the domain outside
/// <c>&lt;cpu&gt;</c> that become <c>-cpu</c> properties, and the QEMU driver's checks at start (libvirt's words where
/// libvirt has them).</summary>
internal static partial class Diagnoses
{
    public static Diagnostic SecondQemuCpu() => QemuCpuRepeated.With("at most one <qemu:cpu> element may be specified");

    public static Diagnostic UnexpectedQemuAttribute(string attribute, string element) =>
        QemuCpuUnexpected.With($"unexpected attribute '{attribute}' on <{element}>");

    public static Diagnostic UnexpectedQemuElement(string element) =>
        QemuCpuUnexpected.With($"unexpected element <{element}> in <qemu:cpu>: only <qemu:model> and <qemu:option> are allowed");

    public static Diagnostic QemuElementHasChildren(string element) => QemuCpuUnexpected.With($"<{element}> takes no child elements");

    public static Diagnostic SecondQemuModel() => QemuModelPlacement.With("at most one <qemu:model> may be specified in <qemu:cpu>");

    public static Diagnostic QemuModelAfterOption() => QemuModelPlacement.With("<qemu:model> must come before the <qemu:option> elements");

    public static Diagnostic QemuNameMissing(string element) => QemuCpuNameInvalid.With($"<{element}> needs a non-empty 'name' attribute");

    /// <summary>A name or value that cannot be written into <c>-cpu</c>; <paramref name="why"/> says which character.</summary>
    public static Diagnostic QemuNameUnwritable(string what, string text, string why) =>
        QemuCpuNameInvalid.With($"invalid {what} '{text}': {why}");

    public static Diagnostic QemuOptionTwice(string name) => QemuOptionRepeated.With($"<qemu:option> '{name}' specified more than once");

    public static Diagnostic TooManyQemuOptions(int limit) => QemuOptionsTooMany.With($"more than {limit} options in <qemu:cpu>");

    public static Diagnostic NotADomain(string found) => DiagnosticCatalogue.NotADomain.With($"expected a <domain> document, found <{found}>");

    public static Diagnostic TimerWithoutName() => ClockOrFeatureInvalid.With("missing timer name");

    /// <summary>libvirt refuses a Hyper-V enlightenment; <paramref name="why"/> is its message.</summary>
    public static Diagnostic HypervRefused(string why) => HypervInvalid.With(why);

    public static Diagnostic KvmFeatureWithoutState(string name) => KvmFeatureInvalid.With($"missing 'state' attribute for KVM feature '{name}'");

    public static Diagnostic KvmFeatureUnsupported(string name) => KvmFeatureInvalid.With($"unsupported KVM feature: {name}");

    public static Diagnostic VcpuWithoutEnabledState() => VcpuStateInvalid.With("missing vcpu enabled state");

    public static Diagnostic HugepageNodeset(string set) => HugepageNodesetInvalid.With($"Invalid value of 'nodeset': {set}");

    /// <summary>libvirt refuses the <c>&lt;numatune&gt;</c>; <paramref name="why"/> is its message.</summary>
    public static Diagnostic NumatuneRefused(string why) => NumatuneInvalid.With(why);

    public static Diagnostic IothreadMissing(int id) => ThreadSchedulingInvalid.With($"Cannot find 'iothread' : {id}");

    public static Diagnostic ThreadSetsOverlap(string element, string attribute) =>
        ThreadSchedulingInvalid.With($"'{element}' attributes '{attribute}' must not overlap");

    public static Diagnostic HostModelOnArch(string arch) => HostModelReachesArgv.With($"unexpected host-model CPU for {arch} architecture");

    public static Diagnostic QemuModelAndCpuModel(string qemuModel, string chosen) =>
        ModelNamedTwice.With($"<qemu:cpu> sets the CPU model '{qemuModel}' but <cpu> also chooses one ({chosen}); give the model in one place only");

    public static Diagnostic NoDefaultCpu(string arch) =>
        NoDefaultCpuForArch.With($"CPU flags requested but can't determine default CPU for arch {arch}");

    public static Diagnostic OneDiePerSocket() => DiesUnsupported.With("Only 1 die per socket is supported");

    public static Diagnostic OneClusterPerDie() => ClustersUnsupported.With("Only 1 cluster per die is supported");

    public static Diagnostic VcpuCpusetNotBitmap(string text) => VcpuCpusetInvalid.With($"Failed to parse bitmap '{text}'");

    public static Diagnostic NoVcpus() => VcpuCountRefused.With("Domain requires at least 1 vCPU");

    public static Diagnostic CurrentVcpusAboveMax() => CurrentVcpusAboveMaximum.With("maximum vcpus count must be an integer");

    public static Diagnostic VcpusAboveMachineLimit(uint limit) =>
        DiagnosticCatalogue.VcpusAboveMachineLimit.With($"Maximum CPUs greater than specified machine type limit {limit}");

    public static Diagnostic TopologyDoesNotMatchVcpus() => TopologyVcpuRefused.With("CPU topology doesn't match maximum vcpu count");

    public static Diagnostic MaxPhysAddrOnArch(string arch) =>
        MaxPhysAddrMismatch.With($"CPU maximum physical address bits specification is not supported for '{arch}' architecture");

    public static Diagnostic MaxPhysAddrBitsWithPassthrough() =>
        MaxPhysAddrMismatch.With("CPU maximum physical address bits number specification cannot be used with mode='passthrough'");

    public static Diagnostic MaxPhysAddrEmulateWithoutBits() =>
        MaxPhysAddrMismatch.With("if using CPU maximum physical address mode='emulate', bits= must be specified too");

    public static Diagnostic CacheOnArch(string arch) => CacheModeMismatch.With($"CPU cache specification is not supported for '{arch}' architecture");

    public static Diagnostic CacheEmulateLevel() => CacheModeMismatch.With("CPU cache mode 'emulate' can only be used with level='3'");

    public static Diagnostic CachePassthroughMode() =>
        CacheModeMismatch.With("CPU cache mode 'passthrough' can only be used with 'host-passthrough' / 'maximum' CPUs");

    public static Diagnostic CacheLevelForMode(string mode) => CacheModeMismatch.With($"unsupported CPU cache level for mode '{mode}'");

    public static Diagnostic MigratableUnsupportedByQemu() =>
        QemuLacksCpuCapability.With("Migratable attribute for host-passthrough CPU is not supported by this QEMU binary");

    public static Diagnostic MaximumUnsupportedByQemu() => QemuLacksCpuCapability.With("maximum CPU is not supported by QEMU binary");

    public static Diagnostic HugepageNodeNotFound(int node) => HugepageNodeMissing.With($"hugepages: node {node} not found");

    /// <summary>The QEMU binary cannot run the domain's architecture; <paramref name="why"/> names both.</summary>
    public static Diagnostic EmulatorCannotRun(string why) => EmulatorArchMismatch.With(why);

    public static Diagnostic VcpusNotMultipleOfGranularity(uint threads) =>
        VcpusNotMultipleOfThreads.With($"vCPUs count must be a multiple of the vCPU hotplug granularity ({threads})");

    public static Diagnostic HostNumaNodeUnavailable(int node) => HostNumaNodeMissing.With($"NUMA node {node} is unavailable");

    public static Diagnostic HugetlbfsUnavailable() =>
        HugetlbfsNotMounted.With("hugetlbfs filesystem is not mounted or disabled by administrator config");

    public static Diagnostic HugetlbfsSizeUnavailable(ulong sizeKiB) =>
        HugetlbfsSizeNotMounted.With($"Unable to find any usable hugetlbfs mount for {sizeKiB} KiB");

    public static Diagnostic NumadQueryFailure() => NumadQueryFailed.With("Failed to query numad for the advisory nodeset");

    public static Diagnostic CgroupCpuNeeded() => CgroupCpuMissing.With("cgroup cpu is required for scheduler tuning");

    /// <summary>libvirt names the thread by its process id, which only the running guest has.</summary>
    public static Diagnostic CpuAffinityRefused(string thread, string cpuset) =>
        CpuAffinityInvalid.With($"cannot set CPU affinity on process ({thread}, cpuset '{cpuset}'): Invalid argument");

    public static Diagnostic NumadAdviceNeeded() =>
        NumadAdviceMissing.With("Advice from numad is needed in case of automatic numa placement");

    public static Diagnostic FeatureUnknownToCpuMap(string name) => FeatureUnknownAtStart.With($"unknown CPU feature: {name}");
}

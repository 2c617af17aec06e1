using System.Collections.Frozen;

namespace DomainCpu.Diagnostics;

/// <summary>
/// Every diagnostic id DomainCpu reports, with its category, severity and what it reports: the one place ids are
/// defined. Findings are made by the named factories of <c>Diagnoses</c>, never by writing an id at the site that
/// reports it. Ids never change meaning and are never reused; an id another one now stands for stays listed, retired.
/// docs/validation.md's id table is generated from this list.
/// </summary>
public static class DiagnosticCatalogue
{
    private const DiagnosticSeverity E = DiagnosticSeverity.Error;
    private const DiagnosticSeverity W = DiagnosticSeverity.Warning;

    private static DiagnosticDescriptor D(string id, DiagnosticCategory category, DiagnosticSeverity severity, string summary) =>
        new(id, category, severity, summary);

    private static DiagnosticDescriptor V(string id, DiagnosticCategory category, DiagnosticSeverity severity, string summary) =>
        new(id, category, severity, summary) { Validated = true };

    private static DiagnosticDescriptor S(string id, DiagnosticCategory category, DiagnosticSeverity severity, string summary) =>
        new(id, category, severity, summary) { AtStart = true };

    private static DiagnosticDescriptor VS(string id, DiagnosticCategory category, DiagnosticSeverity severity, string summary) =>
        new(id, category, severity, summary) { Validated = true, AtStart = true };

    private static DiagnosticDescriptor Retired(string id, DiagnosticCategory category, string summary, DiagnosticDescriptor? now) =>
        new(id, category, E, summary) { IsRetired = true, RetiredFor = now?.Id };

    // The input as XML (DC0001–DC0008).

    /// <summary>DC0001.</summary>
    public static readonly DiagnosticDescriptor MalformedXml = D("DC0001", DiagnosticCategory.Xml, E, "The document is not well-formed XML.");
    /// <summary>DC0002.</summary>
    public static readonly DiagnosticDescriptor DocumentTooLarge = D("DC0002", DiagnosticCategory.Xml, E, "The document is larger than the input limit.");
    /// <summary>DC0003.</summary>
    public static readonly DiagnosticDescriptor NestingTooDeep = D("DC0003", DiagnosticCategory.Xml, E, "Elements are nested deeper than the input limit.");
    /// <summary>DC0004.</summary>
    public static readonly DiagnosticDescriptor NodeOverLimit = D("DC0004", DiagnosticCategory.Xml, E, "An element has more attributes, or an attribute or text more characters, than the input limit.");
    /// <summary>DC0005.</summary>
    public static readonly DiagnosticDescriptor XIncludeRefused = D("DC0005", DiagnosticCategory.Xml, E, "XInclude is not accepted.");
    /// <summary>DC0006.</summary>
    public static readonly DiagnosticDescriptor EntityRefused = D("DC0006", DiagnosticCategory.Xml, E, "Entity references are not accepted.");
    /// <summary>DC0007.</summary>
    public static readonly DiagnosticDescriptor DtdRefused = D("DC0007", DiagnosticCategory.Xml, E, "DTDs (<!DOCTYPE>) are not accepted.");
    /// <summary>DC0008.</summary>
    public static readonly DiagnosticDescriptor EncodingInvalid = D("DC0008", DiagnosticCategory.Xml, E, "The bytes do not fit the document's encoding.");

    // The CPU and domain XML (DC0100–DC0162): schema rules, then what libvirt's parser and QEMU driver refuse beyond them.

    /// <summary>DC0100.</summary>
    public static readonly DiagnosticDescriptor SchemaMismatch = V("DC0100", DiagnosticCategory.Schema, E, "The document does not match the schema (an element, attribute or value the schema does not allow).");
    /// <summary>DC0101.</summary>
    public static readonly DiagnosticDescriptor NotACpu = D("DC0101", DiagnosticCategory.Schema, E, "The element read as a CPU is not a <cpu>.");
    /// <summary>DC0102.</summary>
    public static readonly DiagnosticDescriptor GuestAttributeOnHostCpu = V("DC0102", DiagnosticCategory.Schema, E, "A host CPU (one with <arch>) carries a guest-only attribute (mode, match, check, migratable).");
    /// <summary>DC0103.</summary>
    public static readonly DiagnosticDescriptor CpuModeInvalid = V("DC0103", DiagnosticCategory.Schema, E, "The cpu mode is not custom, host-model, host-passthrough or maximum.");
    /// <summary>DC0104.</summary>
    public static readonly DiagnosticDescriptor MigratableNotAllowed = V("DC0104", DiagnosticCategory.Semantic, E, "migratable is only allowed with host-passthrough or maximum.");
    /// <summary>DC0105.</summary>
    public static readonly DiagnosticDescriptor CpuAttributeInvalid = V("DC0105", DiagnosticCategory.Schema, E, "match, check, migratable or deprecated_features has a value libvirt does not know.");
    /// <summary>DC0106.</summary>
    public static readonly DiagnosticDescriptor FallbackInvalid = V("DC0106", DiagnosticCategory.Schema, E, "The model fallback is not allow or forbid.");
    /// <summary>DC0107.</summary>
    public static readonly DiagnosticDescriptor VendorIdLength = V("DC0107", DiagnosticCategory.Schema, E, "vendor_id is not exactly 12 characters long.");
    /// <summary>DC0108.</summary>
    public static readonly DiagnosticDescriptor VendorIdComma = V("DC0108", DiagnosticCategory.Schema, E, "vendor_id contains a comma.");
    /// <summary>DC0109.</summary>
    public static readonly DiagnosticDescriptor VendorWithoutModel = V("DC0109", DiagnosticCategory.Semantic, E, "A CPU vendor is given without a CPU model.");
    /// <summary>DC0110.</summary>
    public static readonly DiagnosticDescriptor TopologyInvalid = V("DC0110", DiagnosticCategory.Schema, E, "A topology attribute is missing, zero or not a decimal number.");
    /// <summary>DC0111.</summary>
    public static readonly DiagnosticDescriptor FeaturesWithoutModel = V("DC0111", DiagnosticCategory.Semantic, E, "A custom CPU lists features but has no model.");
    /// <summary>DC0112.</summary>
    public static readonly DiagnosticDescriptor FeaturePolicyInvalid = V("DC0112", DiagnosticCategory.Schema, E, "A feature policy is not force, require, optional, disable or forbid.");
    /// <summary>DC0113.</summary>
    public static readonly DiagnosticDescriptor FeatureNameInvalid = V("DC0113", DiagnosticCategory.Schema, E, "A feature name is missing, empty or has characters libvirt does not allow (a host CPU's '.' before 12.8 is DC0200).");
    /// <summary>DC0114.</summary>
    public static readonly DiagnosticDescriptor FeatureRepeated = V("DC0114", DiagnosticCategory.Semantic, E, "The same feature is listed more than once.");
    /// <summary>DC0115.</summary>
    public static readonly DiagnosticDescriptor CacheRepeated = V("DC0115", DiagnosticCategory.Schema, E, "More than one <cache> element.");
    /// <summary>DC0116.</summary>
    public static readonly DiagnosticDescriptor CacheInvalid = V("DC0116", DiagnosticCategory.Schema, E, "The cache level is not 1, 2 or 3, or the cache mode is missing or unknown.");
    /// <summary>DC0117.</summary>
    public static readonly DiagnosticDescriptor MaxPhysAddrInvalid = V("DC0117", DiagnosticCategory.Schema, E, "The maxphysaddr mode is missing or unknown, or bits or limit is not a number.");
    /// <summary>DC0118.</summary>
    public static readonly DiagnosticDescriptor HostCpuInvalid = V("DC0118", DiagnosticCategory.Schema, E, "A host CPU has no <arch> or one libvirt does not know, or a malformed host part (model, microcode, signature, counter, pages).");
    /// <summary>DC0119.</summary>
    public static readonly DiagnosticDescriptor NumaInvalid = V("DC0119", DiagnosticCategory.Schema, E, "The NUMA topology has no cells, or a cell, distance, cache or interconnect is malformed.");
    /// <summary>DC0120.</summary>
    public static readonly DiagnosticDescriptor CheckWithoutModel = VS("DC0120", DiagnosticCategory.Semantic, E, "check is set on a custom CPU that has no model (and the driver adds no default model).");
    /// <summary>DC0121.</summary>
    public static readonly DiagnosticDescriptor TooManyItems = D("DC0121", DiagnosticCategory.Xml, E, "A CPU lists more features, or more NUMA cells, than the input limit.");
    /// <summary>DC0122.</summary>
    public static readonly DiagnosticDescriptor DeprecatedFeatureForm = V("DC0122", DiagnosticCategory.Schema, W, "The deprecated feature form mode='set|check' value='on|off' is used; write policy= instead.");
    /// <summary>DC0123.</summary>
    public static readonly DiagnosticDescriptor DefaultModelHostNotKvm = S("DC0123", DiagnosticCategory.Semantic, E, "QEMU names 'host' as the machine type's default CPU model, and the domain is not a KVM one.");
    /// <summary>DC0124.</summary>
    public static readonly DiagnosticDescriptor ElementRepeated = V("DC0124", DiagnosticCategory.Schema, E, "An element that may appear at most once appears more than once.");
    /// <summary>DC0125.</summary>
    public static readonly DiagnosticDescriptor ElementMissing = V("DC0125", DiagnosticCategory.Schema, E, "A required element is missing.");
    /// <summary>DC0126.</summary>
    public static readonly DiagnosticDescriptor FeaturePolicyForm = V("DC0126", DiagnosticCategory.Schema, E, "A feature needs exactly one of policy= or the deprecated mode=; value= only goes with mode=.");
    /// <summary>DC0127.</summary>
    public static readonly DiagnosticDescriptor GuestHostPartsMixed = V("DC0127", DiagnosticCategory.Schema, E, "A standalone CPU mixes guest and host parts (such as <numa> next to <arch>, or policy on a host feature).");
    /// <summary>DC0128.</summary>
    public static readonly DiagnosticDescriptor DomainCapabilitiesModes = V("DC0128", DiagnosticCategory.Schema, E, "Domain capabilities' <cpu> does not have the four modes in order, or a mode has children it does not allow.");
    /// <summary>DC0129.</summary>
    public static readonly DiagnosticDescriptor MachineTypeUnsupported = S("DC0129", DiagnosticCategory.Semantic, E, "The QEMU binary does not offer the domain's machine type.");
    /// <summary>DC0130.</summary>
    public static readonly DiagnosticDescriptor VcpuCountInvalid = V("DC0130", DiagnosticCategory.Schema, E, "The vCPU count is not a number from 1 to 65535.");
    /// <summary>DC0140.</summary>
    public static readonly DiagnosticDescriptor NotQemuCapabilities = D("DC0140", DiagnosticCategory.Semantic, E, "The document given as QEMU capabilities is not libvirt's <qemuCaps> record.");
    /// <summary>DC0141.</summary>
    public static readonly DiagnosticDescriptor NotDomainCapabilities = D("DC0141", DiagnosticCategory.Semantic, E, "The document given as domain capabilities is not a <domainCapabilities>.");
    /// <summary>DC0150.</summary>
    public static readonly DiagnosticDescriptor TopologyVcpuMismatch = V("DC0150", DiagnosticCategory.Semantic, W, "The topology's sockets × dies × clusters × cores × threads (clusters since libvirt 10.1) differs from the <vcpu> count (every QEMU since 2.7 refuses to start such a domain; libvirt checks it only when QEMU reports hot-pluggable CPUs).");
    /// <summary>DC0151.</summary>
    public static readonly DiagnosticDescriptor TopologyTooLarge = V("DC0151", DiagnosticCategory.Semantic, E, "The topology describes more than 4294967295 CPUs, or one of its numbers is out of range.");
    /// <summary>DC0152.</summary>
    public static readonly DiagnosticDescriptor ModelAttributeWithoutName = V("DC0152", DiagnosticCategory.Semantic, W, "fallback or vendor_id is given without a model name and has no effect.");
    /// <summary>DC0153.</summary>
    public static readonly DiagnosticDescriptor IgnoredByMode = V("DC0153", DiagnosticCategory.Semantic, W, "A part of <cpu> that this mode ignores (model, vendor, fallback, vendor_id, match).");
    /// <summary>DC0154.</summary>
    public static readonly DiagnosticDescriptor NumaInconsistent = V("DC0154", DiagnosticCategory.Semantic, E, "The NUMA cells are inconsistent (ids, overlapping vCPUs, distances, caches, interconnects, vCPU count).");
    /// <summary>DC0155.</summary>
    public static readonly DiagnosticDescriptor NumaTopologyMismatch = V("DC0155", DiagnosticCategory.Semantic, W, "The NUMA cells' vCPU count differs from the topology's.");
    /// <summary>DC0156.</summary>
    public static readonly DiagnosticDescriptor CacheModeMismatch = VS("DC0156", DiagnosticCategory.Semantic, E, "The <cache> mode and level do not fit (emulate needs level 3; passthrough only with host-passthrough or maximum; passthrough and disable take no level; x86 only).");
    /// <summary>DC0157.</summary>
    public static readonly DiagnosticDescriptor MaxPhysAddrMismatch = VS("DC0157", DiagnosticCategory.Semantic, E, "The <maxphysaddr> mode and bits do not fit (passthrough takes no bits; emulate needs bits before libvirt 9.2; x86 only).");
    /// <summary>DC0158.</summary>
    public static readonly DiagnosticDescriptor ModelNamedTwice = VS("DC0158", DiagnosticCategory.Semantic, E, "<qemu:cpu> names a model and <cpu> chooses one too (a model, or a mode other than custom).");
    /// <summary>DC0159.</summary>
    public static readonly DiagnosticDescriptor CurrentVcpusAboveMaximum = VS("DC0159", DiagnosticCategory.Semantic, E, "The current vCPU count is greater than the maximum.");
    /// <summary>DC0160.</summary>
    public static readonly DiagnosticDescriptor HostCpuWithoutModel = V("DC0160", DiagnosticCategory.Semantic, E, "A host CPU has no model name.");
    /// <summary>DC0161.</summary>
    public static readonly DiagnosticDescriptor TooManyVcpusForMachine = V("DC0161", DiagnosticCategory.Semantic, E, "More than 255 vCPUs on an x86 machine type that is not q35.");
    /// <summary>DC0162.</summary>
    public static readonly DiagnosticDescriptor VcpusNotMultipleOfThreads = VS("DC0162", DiagnosticCategory.Semantic, E, "On pSeries the vCPU count is not a multiple of the threads per core (the hotplug granularity).");

    // What the target libvirt release's grammar and rules decide (DC0200–DC0204).

    /// <summary>DC0200.</summary>
    public static readonly DiagnosticDescriptor ReleaseLacksConstruct = V("DC0200", DiagnosticCategory.Schema, E, "An element, attribute or value the chosen libvirt release does not have yet; the finding names the release that added it.");
    /// <summary>DC0201.</summary>
    public static readonly DiagnosticDescriptor MaxPhysAddrLimitInvalid = V("DC0201", DiagnosticCategory.Semantic, E, "<maxphysaddr limit> is zero or given with a mode other than passthrough.");
    /// <summary>DC0202.</summary>
    public static readonly DiagnosticDescriptor DeprecatedFeaturesNotS390 = V("DC0202", DiagnosticCategory.Semantic, E, "deprecated_features on a guest that is not s390x: libvirt 11.0 to 11.5 refuse to start it (QEMU reports deprecated CPU features for s390x only); 11.6 and later accept it.");
    /// <summary>DC0203.</summary>
    public static readonly DiagnosticDescriptor NotADomainChild = V("DC0203", DiagnosticCategory.Schema, E, "An element directly under <domain> that libvirt's domain does not have (such as <topology> or <numa>, which belong inside <cpu>).");
    /// <summary>DC0204.</summary>
    public static readonly DiagnosticDescriptor AutoPlacementWithNodeset = V("DC0204", DiagnosticCategory.Schema, E, "<numatune><memory placement='auto'> with a nodeset (auto placement takes the host nodes from numad).");

    // Host data: CPUID dumps and QEMU's reports (DC0501–DC0512).

    /// <summary>DC0501.</summary>
    public static readonly DiagnosticDescriptor NotCpuidDump = D("DC0501", DiagnosticCategory.Semantic, E, "The document given as a CPUID dump is not a <cpudata>.");
    /// <summary>DC0502.</summary>
    public static readonly DiagnosticDescriptor CpuidDumpArch = D("DC0502", DiagnosticCategory.Semantic, E, "The CPUID dump names no architecture, or one other than x86.");
    /// <summary>DC0503.</summary>
    public static readonly DiagnosticDescriptor CpuidDumpEmpty = D("DC0503", DiagnosticCategory.Semantic, E, "The CPUID dump holds no CPUID leaf and no MSR.");
    /// <summary>DC0504.</summary>
    public static readonly DiagnosticDescriptor CpuidDumpValue = D("DC0504", DiagnosticCategory.Semantic, E, "A CPUID dump attribute is missing or not a number.");
    /// <summary>DC0510.</summary>
    public static readonly DiagnosticDescriptor JsonMalformed = D("DC0510", DiagnosticCategory.Json, E, "QEMU's report is not well-formed JSON in UTF-8.");
    /// <summary>DC0511.</summary>
    public static readonly DiagnosticDescriptor QemuReportEmpty = D("DC0511", DiagnosticCategory.Semantic, E, "QEMU's report has no query-cpu-model-expansion or query-cpu-definitions reply.");
    /// <summary>DC0512.</summary>
    public static readonly DiagnosticDescriptor QemuReportShape = D("DC0512", DiagnosticCategory.Semantic, E, "A reply in QEMU's report does not have the shape QMP gives it.");

    // Start: what libvirt's QEMU driver refuses when the domain starts (DC0601–DC0631).

    /// <summary>DC0601.</summary>
    public static readonly DiagnosticDescriptor AlreadyExpanded = S("DC0601", DiagnosticCategory.Semantic, E, "The domain is already live (it holds an inactive CPU record); strip it first.");
    /// <summary>DC0602.</summary>
    public static readonly DiagnosticDescriptor CpuModeUnsupported = S("DC0602", DiagnosticCategory.Host, E, "The hypervisor does not support the CPU mode.");
    /// <summary>DC0603.</summary>
    public static readonly DiagnosticDescriptor HostModelUnknown = S("DC0603", DiagnosticCategory.Host, E, "The CPU needs the host's model (host-model, match='minimum', optional features) and it is not known.");
    /// <summary>DC0604.</summary>
    public static readonly DiagnosticDescriptor ModelUnsupported = S("DC0604", DiagnosticCategory.Host, E, "The hypervisor does not offer the CPU model and fallback='forbid' forbids another.");
    /// <summary>DC0605.</summary>
    public static readonly DiagnosticDescriptor ModelNotUsable = S("DC0605", DiagnosticCategory.Host, E, "Domain capabilities mark the CPU model not usable on this host, and check is not none; the message names the features that block it (domain capabilities' <blockers>, or computed as the target's QEMU would report them).");
    /// <summary>DC0606.</summary>
    public static readonly DiagnosticDescriptor ForbiddenFeaturePresent = S("DC0606", DiagnosticCategory.Host, E, "The host CPU provides a feature the CPU forbids.");
    /// <summary>DC0607.</summary>
    public static readonly DiagnosticDescriptor IncompatibleWithHost = S("DC0607", DiagnosticCategory.Host, E, "With check='partial' the CPU is incompatible with the host CPU.");
    /// <summary>DC0610.</summary>
    public static readonly DiagnosticDescriptor NotHostDocument = D("DC0610", DiagnosticCategory.Semantic, E, "The document given as the host is not host capabilities, domain capabilities or a host <cpu>.");
    /// <summary>DC0611.</summary>
    public static readonly DiagnosticDescriptor NoHostCpu = D("DC0611", DiagnosticCategory.Semantic, E, "The host document holds no host CPU.");
    /// <summary>DC0620.</summary>
    public static readonly DiagnosticDescriptor HookConfigInvalid = D("DC0620", DiagnosticCategory.Config, E, "A line of the hook configuration is not key = value, or names an unknown key or value.");
    /// <summary>DC0630.</summary>
    public static readonly DiagnosticDescriptor NotQemuCpuData = D("DC0630", DiagnosticCategory.Semantic, E, "The document given as QEMU's CPU data is not a <cpudata arch='x86'>.");
    /// <summary>DC0631.</summary>
    public static readonly DiagnosticDescriptor QemuCpuDataInvalid = D("DC0631", DiagnosticCategory.Semantic, E, "QEMU's CPU data has an unknown element or a malformed value.");

    // QEMU arguments: <qemu:cpu>, the domain outside <cpu>, and the driver's start-time checks (DC0701–DC0760).

    /// <summary>DC0701.</summary>
    public static readonly DiagnosticDescriptor QemuCpuRepeated = D("DC0701", DiagnosticCategory.Semantic, E, "More than one <qemu:cpu> element.");
    /// <summary>DC0702.</summary>
    public static readonly DiagnosticDescriptor QemuCpuUnexpected = D("DC0702", DiagnosticCategory.Semantic, E, "<qemu:cpu> has an element, attribute or child it does not allow.");
    /// <summary>DC0703.</summary>
    public static readonly DiagnosticDescriptor QemuModelPlacement = D("DC0703", DiagnosticCategory.Semantic, E, "<qemu:model> appears twice, or after a <qemu:option>.");
    /// <summary>DC0704.</summary>
    public static readonly DiagnosticDescriptor QemuCpuNameInvalid = D("DC0704", DiagnosticCategory.Semantic, E, "A <qemu:model> or <qemu:option> name or value cannot be written into -cpu.");
    /// <summary>DC0705.</summary>
    public static readonly DiagnosticDescriptor QemuOptionRepeated = D("DC0705", DiagnosticCategory.Semantic, E, "The same <qemu:option> is given twice.");
    /// <summary>DC0706.</summary>
    public static readonly DiagnosticDescriptor QemuOptionsTooMany = D("DC0706", DiagnosticCategory.Semantic, E, "<qemu:cpu> has more options than the input limit.");
    /// <summary>DC0710.</summary>
    public static readonly DiagnosticDescriptor NotADomain = D("DC0710", DiagnosticCategory.Semantic, E, "The document given as a domain is not a <domain>.");
    /// <summary>DC0711.</summary>
    public static readonly DiagnosticDescriptor ClockOrFeatureInvalid = D("DC0711", DiagnosticCategory.Semantic, E, "A clock timer or an on/off, yes/no attribute outside <cpu> is malformed.");
    /// <summary>DC0712.</summary>
    public static readonly DiagnosticDescriptor HypervInvalid = D("DC0712", DiagnosticCategory.Semantic, E, "A Hyper-V enlightenment is unknown or malformed.");
    /// <summary>DC0713.</summary>
    public static readonly DiagnosticDescriptor KvmFeatureInvalid = D("DC0713", DiagnosticCategory.Semantic, E, "A <kvm> feature is unknown or has no state.");
    /// <summary>DC0714.</summary>
    public static readonly DiagnosticDescriptor VcpuStateInvalid = D("DC0714", DiagnosticCategory.Semantic, E, "A <vcpus><vcpu> has no id or no enabled state.");
    /// <summary>DC0715.</summary>
    public static readonly DiagnosticDescriptor HugepageNodesetInvalid = D("DC0715", DiagnosticCategory.Semantic, E, "A hugepage nodeset is malformed.");
    /// <summary>DC0716.</summary>
    public static readonly DiagnosticDescriptor NumatuneInvalid = D("DC0716", DiagnosticCategory.Semantic, E, "<numatune> is malformed or inconsistent.");
    /// <summary>DC0717.</summary>
    public static readonly DiagnosticDescriptor ThreadSchedulingInvalid = D("DC0717", DiagnosticCategory.Semantic, E, "vCPU or I/O thread scheduling sets overlap or name a thread that does not exist.");
    /// <summary>DC0720.</summary>
    public static readonly DiagnosticDescriptor HostModelReachesArgv = S("DC0720", DiagnosticCategory.Semantic, E, "A host-model CPU reaches the command line on an architecture that cannot pass it.");
    /// <summary>DC0722.</summary>
    public static readonly DiagnosticDescriptor NoDefaultCpuForArch = S("DC0722", DiagnosticCategory.Semantic, E, "CPU flags are requested but the architecture has no default CPU model.");
    /// <summary>DC0730.</summary>
    public static readonly DiagnosticDescriptor DiesUnsupported = S("DC0730", DiagnosticCategory.Semantic, E, "The topology has more than one die per socket and QEMU cannot take dies.");
    /// <summary>DC0740.</summary>
    public static readonly DiagnosticDescriptor VcpuCountRefused = S("DC0740", DiagnosticCategory.Semantic, E, "The vCPU count is zero.");
    /// <summary>DC0741.</summary>
    public static readonly DiagnosticDescriptor VcpusAboveMachineLimit = S("DC0741", DiagnosticCategory.Semantic, E, "More vCPUs than the machine type allows.");
    /// <summary>DC0742.</summary>
    public static readonly DiagnosticDescriptor TopologyVcpuRefused = S("DC0742", DiagnosticCategory.Semantic, E, "The topology does not give the vCPU count and QEMU reports hot-pluggable CPUs.");
    /// <summary>DC0745.</summary>
    public static readonly DiagnosticDescriptor QemuLacksCpuCapability = S("DC0745", DiagnosticCategory.Semantic, E, "The QEMU binary lacks what the CPU needs (the maximum CPU, or migratable for host-passthrough).");
    /// <summary>DC0746.</summary>
    public static readonly DiagnosticDescriptor HugepageNodeMissing = S("DC0746", DiagnosticCategory.Semantic, E, "A hugepage setting names a guest NUMA node that does not exist.");
    /// <summary>DC0747.</summary>
    public static readonly DiagnosticDescriptor EmulatorArchMismatch = S("DC0747", DiagnosticCategory.Semantic, E, "The QEMU binary cannot run the domain's architecture.");
    /// <summary>DC0749.</summary>
    public static readonly DiagnosticDescriptor HostNumaNodeMissing = S("DC0749", DiagnosticCategory.Semantic, E, "<numatune> binds memory to a host NUMA node the host does not have.");
    /// <summary>DC0750.</summary>
    public static readonly DiagnosticDescriptor FeatureUnknownAtStart = VS("DC0750", DiagnosticCategory.Semantic, E, "The CPU names a feature the CPU map does not know.");

    // The embedded QEMU CPU catalog and libvirt CPU model table (DC0800–DC0801).

    /// <summary>DC0800.</summary>
    public static readonly DiagnosticDescriptor QemuCatalogInvalid = D("DC0800", DiagnosticCategory.Semantic, E, "A QEMU CPU catalog file is not well-formed XML, or not in the catalog's format.");
    /// <summary>DC0801.</summary>
    public static readonly DiagnosticDescriptor CpuMapTableInvalid = D("DC0801", DiagnosticCategory.Semantic, E, "The table of libvirt's CPU models is not well-formed XML, or not in the table's format.");

    // The CPU map (DC0901–DC0915).

    /// <summary>DC0901.</summary>
    public static readonly DiagnosticDescriptor CpuMapUnreadable = D("DC0901", DiagnosticCategory.Semantic, E, "A cpu_map file cannot be read.");
    /// <summary>DC0902.</summary>
    public static readonly DiagnosticDescriptor CpuMapNoX86 = D("DC0902", DiagnosticCategory.Semantic, E, "The cpu_map index has no x86 architecture.");
    /// <summary>DC0903.</summary>
    public static readonly DiagnosticDescriptor CpuMapIncludeInvalid = D("DC0903", DiagnosticCategory.Semantic, E, "A cpu_map include names no file.");
    /// <summary>DC0904.</summary>
    public static readonly DiagnosticDescriptor CpuMapNameMissing = D("DC0904", DiagnosticCategory.Semantic, E, "A cpu_map vendor, feature or model has no name.");
    /// <summary>DC0905.</summary>
    public static readonly DiagnosticDescriptor CpuMapVendorRepeated = D("DC0905", DiagnosticCategory.Semantic, E, "A cpu_map vendor is defined twice.");
    /// <summary>DC0906.</summary>
    public static readonly DiagnosticDescriptor CpuMapVendorString = D("DC0906", DiagnosticCategory.Semantic, E, "A cpu_map vendor string is missing or not 12 characters.");
    /// <summary>DC0907.</summary>
    public static readonly DiagnosticDescriptor CpuMapFeatureRepeated = D("DC0907", DiagnosticCategory.Semantic, E, "A cpu_map feature is defined twice.");
    /// <summary>DC0908.</summary>
    public static readonly DiagnosticDescriptor CpuMapFeatureEmpty = D("DC0908", DiagnosticCategory.Semantic, E, "A cpu_map feature has no CPUID or MSR data.");
    /// <summary>DC0909.</summary>
    public static readonly DiagnosticDescriptor CpuMapDataInvalid = D("DC0909", DiagnosticCategory.Semantic, E, "A cpu_map CPUID or MSR attribute is missing or not a number.");
    /// <summary>DC0910.</summary>
    public static readonly DiagnosticDescriptor CpuMapModelRepeated = D("DC0910", DiagnosticCategory.Semantic, E, "A cpu_map model is defined twice.");
    /// <summary>DC0911.</summary>
    public static readonly DiagnosticDescriptor CpuMapDecodeInvalid = D("DC0911", DiagnosticCategory.Semantic, E, "A cpu_map model's <decode> is missing or malformed.");
    /// <summary>DC0912.</summary>
    public static readonly DiagnosticDescriptor CpuMapAncestorInvalid = D("DC0912", DiagnosticCategory.Semantic, E, "A cpu_map model's ancestor is unnamed or unknown.");
    /// <summary>DC0913.</summary>
    public static readonly DiagnosticDescriptor CpuMapModelVendorInvalid = D("DC0913", DiagnosticCategory.Semantic, E, "A cpu_map model's vendor is unnamed or unknown.");
    /// <summary>DC0914.</summary>
    public static readonly DiagnosticDescriptor CpuMapModelFeatureInvalid = D("DC0914", DiagnosticCategory.Semantic, E, "A cpu_map model's feature is unnamed, unknown or has an invalid removed= value.");
    /// <summary>DC0915.</summary>
    public static readonly DiagnosticDescriptor CpuMapSignatureInvalid = D("DC0915", DiagnosticCategory.Semantic, E, "A cpu_map model's signature is malformed.");

    // The cpu_map of libvirt 10.x-12.x (DC1100-DC1101).

    /// <summary>DC1100.</summary>
    public static readonly DiagnosticDescriptor CpuMapCheckInvalid = D("DC1100", DiagnosticCategory.Semantic, E, "A cpu_map model's <check> has no partial= or one other than 'compat'.");
    /// <summary>DC1101.</summary>
    public static readonly DiagnosticDescriptor CpuMapCanonicalRepeated = D("DC1101", DiagnosticCategory.Semantic, E, "A cpu_map model is made the canonical name of a model that already has one.");
    /// <summary>DC1102.</summary>
    public static readonly DiagnosticDescriptor QemuCpuDataConflicting = S("DC1102", DiagnosticCategory.Host, E, "QEMU reported a feature both enabled and disabled (libvirt 10.x and later refuse the start).");

    // Starting a domain as libvirt 10.x-12.x does (DC1110-DC1119).

    /// <summary>DC1110.</summary>
    public static readonly DiagnosticDescriptor ClustersUnsupported = S("DC1110", DiagnosticCategory.Semantic, E, "The topology has more than one cluster per die and the target cannot start it (QEMU without -smp clusters, or QEMU 10.0 and later on x86).");
    /// <summary>DC1111.</summary>
    public static readonly DiagnosticDescriptor VcpuCpusetInvalid = D("DC1111", DiagnosticCategory.Semantic, E, "The <vcpu cpuset> is not a CPU list (libvirt refuses the definition).");

    // libvirt's CPU operations: decode, update, compare, baseline (DC1001–DC1030).

    /// <summary>DC1001.</summary>
    public static readonly DiagnosticDescriptor ModelUnknown = VS("DC1001", DiagnosticCategory.Semantic, E, "The CPU names a model the CPU map does not know.");
    /// <summary>DC1002.</summary>
    public static readonly DiagnosticDescriptor FeatureUnknown = S("DC1002", DiagnosticCategory.Semantic, E, "The CPU names a feature the CPU map does not know.");
    /// <summary>DC1004.</summary>
    public static readonly DiagnosticDescriptor NoSuitableModel = D("DC1004", DiagnosticCategory.Semantic, E, "No CPU model of the map describes the CPU data.");
    /// <summary>DC1006.</summary>
    public static readonly DiagnosticDescriptor LiveCpuMismatch = S("DC1006", DiagnosticCategory.Host, E, "With check='full', the CPU QEMU started differs from the definition.");
    /// <summary>DC1010.</summary>
    public static readonly DiagnosticDescriptor BaselineNoCpus = D("DC1010", DiagnosticCategory.Semantic, E, "Baseline was given no CPU.");
    /// <summary>DC1011.</summary>
    public static readonly DiagnosticDescriptor BaselineCpuWithoutModel = D("DC1011", DiagnosticCategory.Semantic, E, "A CPU given to baseline has no model.");
    /// <summary>DC1012.</summary>
    public static readonly DiagnosticDescriptor BaselineModelVendor = D("DC1012", DiagnosticCategory.Semantic, E, "A CPU's vendor differs from the vendor of its model.");
    /// <summary>DC1013.</summary>
    public static readonly DiagnosticDescriptor BaselineVendorsDiffer = D("DC1013", DiagnosticCategory.Semantic, E, "The CPUs given to baseline have different vendors.");
    /// <summary>DC1014.</summary>
    public static readonly DiagnosticDescriptor BaselineNothingInCommon = D("DC1014", DiagnosticCategory.Semantic, E, "The CPUs given to baseline have no feature in common.");
    /// <summary>DC1015.</summary>
    public static readonly DiagnosticDescriptor VendorUnknown = D("DC1015", DiagnosticCategory.Semantic, E, "A CPU names a vendor the CPU map does not know.");
    /// <summary>DC1020.</summary>
    public static readonly DiagnosticDescriptor NoCpu = D("DC1020", DiagnosticCategory.Semantic, E, "A document given as a CPU holds none.");
    /// <summary>DC1030.</summary>
    public static readonly DiagnosticDescriptor HostCpuModelMissing = D("DC1030", DiagnosticCategory.Semantic, E, "The host CPU has no model, so no policy can be derived from it.");

    // What a command is given (DC1500).

    /// <summary>DC1500.</summary>
    public static readonly DiagnosticDescriptor DocumentKindUnexpected = D("DC1500", DiagnosticCategory.Semantic, E, "The document is not of a kind the command takes (such as a <network> where a domain or a <cpu> is expected).");
    /// <summary>DC1501.</summary>
    public static readonly DiagnosticDescriptor GuestCpuAsHost = D("DC1501", DiagnosticCategory.Semantic, E, "A guest CPU (a domain's, or a <cpu> without <arch>) is given where a host CPU is expected.");

    // What the host gives a guest's memory at start (DC1600).

    /// <summary>DC1600.</summary>
    public static readonly DiagnosticDescriptor HugetlbfsNotMounted = S("DC1600", DiagnosticCategory.Host, E, "The guest's memory is backed by huge pages and the host has no hugetlbfs mounted.");
    /// <summary>DC1601.</summary>
    public static readonly DiagnosticDescriptor HugetlbfsSizeNotMounted = S("DC1601", DiagnosticCategory.Host, E, "The guest's memory is backed by huge pages of a size no hugetlbfs mount of the host has.");
    /// <summary>DC1602.</summary>
    public static readonly DiagnosticDescriptor NumadAdviceMissing = S("DC1602", DiagnosticCategory.Host, E, "The guest's memory placement is automatic and numad gave no advice: a start that only builds the command line (argv) never asks numad.");

    // What the host gives a started guest's threads, and numad's advice on a real start (DC1660–).

    /// <summary>DC1660.</summary>
    public static readonly DiagnosticDescriptor NumadQueryFailed = S("DC1660", DiagnosticCategory.Host, E, "The guest is placed automatically and numad, which a real start asks, gives no advice on this host (not installed).");
    /// <summary>DC1661.</summary>
    public static readonly DiagnosticDescriptor CgroupCpuMissing = S("DC1661", DiagnosticCategory.Host, E, "The domain sets a scheduler period or quota and libvirt has no cgroup cpu controller for it on this host.");
    /// <summary>DC1662.</summary>
    public static readonly DiagnosticDescriptor CpuAffinityInvalid = S("DC1662", DiagnosticCategory.Host, E, "A QEMU thread is pinned to host CPUs none of which the host has online.");

    // QEMU's own refusals of the command line <qemu:commandline> passes through (DC1700–).

    /// <summary>DC1700.</summary>
    public static readonly DiagnosticDescriptor QemuOptionUnknown = S("DC1700", DiagnosticCategory.Semantic, E, "<qemu:commandline> passes QEMU a word starting with a dash that names none of its options, and QEMU exits.");
    /// <summary>DC1701.</summary>
    public static readonly DiagnosticDescriptor QemuOptionArgumentMissing = S("DC1701", DiagnosticCategory.Semantic, E, "<qemu:commandline> ends with a QEMU option that takes an argument, and QEMU exits.");
    /// <summary>DC1702.</summary>
    public static readonly DiagnosticDescriptor QemuImageMissing = S("DC1702", DiagnosticCategory.Host, E, "<qemu:commandline> passes QEMU a word it opens as a disk image, and no such file exists on the host.");

    // Model version pinning (DC1200).

    /// <summary>DC1200.</summary>
    public static readonly DiagnosticDescriptor ModelNotPinned = D("DC1200", DiagnosticCategory.Semantic, W, "An unversioned CPU model was not pinned to the version QEMU runs, because the target libvirt knows no versioned model names.");

    // Start-time refusals the end-to-end suite found (DC1400–).

    /// <summary>DC1401.</summary>
    public static readonly DiagnosticDescriptor NoInvariantTsc = S("DC1401", DiagnosticCategory.Host, E, "The CPU has the invariant TSC and the vCPU QEMU started has not.");

    // Start-time refusals the live proof in libvirt 11.3 and 12.8 found (DC1620–).

    /// <summary>DC1620.</summary>
    public static readonly DiagnosticDescriptor NoPvSpinlocks = S("DC1620", DiagnosticCategory.Host, E, "The domain turns paravirtual spinlocks on and the vCPU QEMU started has no kvm_pv_unhalt (never under TCG).");

    // Hyper-V enlightenments refused at define and start (DC1730–).

    /// <summary>DC1730.</summary>
    public static readonly DiagnosticDescriptor HypervDependencyMissing = S("DC1730", DiagnosticCategory.Semantic, E, "A Hyper-V enlightenment is on and an enlightenment or clock timer it depends on is not (libvirt 11.9 and later).");

    // Retired: ids another id now stands for (never reused).

    /// <summary>DC0751, retired: <see cref="CpuModeUnsupported"/>.</summary>
    public static readonly DiagnosticDescriptor RetiredModeUnsupported = Retired("DC0751", DiagnosticCategory.Semantic, "argv's own id for an unsupported CPU mode.", CpuModeUnsupported);
    /// <summary>DC0752, retired: <see cref="ModelUnsupported"/>.</summary>
    public static readonly DiagnosticDescriptor RetiredModelUnsupported = Retired("DC0752", DiagnosticCategory.Semantic, "argv's own id for a CPU model the hypervisor does not offer.", ModelUnsupported);
    /// <summary>DC0753, retired: <see cref="IncompatibleWithHost"/>.</summary>
    public static readonly DiagnosticDescriptor RetiredIncompatible = Retired("DC0753", DiagnosticCategory.Semantic, "argv's own id for check='partial' failing.", IncompatibleWithHost);
    /// <summary>DC0760, retired: <see cref="NotDomainCapabilities"/>.</summary>
    public static readonly DiagnosticDescriptor RetiredNotDomainCapabilities = Retired("DC0760", DiagnosticCategory.Semantic, "argv's own id for a --domcaps file that is not domain capabilities.", NotDomainCapabilities);
    /// <summary>DC0739, retired: every start has the target's CPU models, so none lacks the catalog.</summary>
    public static readonly DiagnosticDescriptor RetiredCatalogNeeded = Retired("DC0739", DiagnosticCategory.Semantic, "A start without the x86 CPU catalog needed it (host-model, match='minimum', optional features, translation).", null);
    /// <summary>DC0721, retired: <see cref="ModelNamedTwice"/>.</summary>
    public static readonly DiagnosticDescriptor RetiredQemuModelClash = Retired("DC0721", DiagnosticCategory.Semantic, "argv's own id for <qemu:cpu> setting the model while <cpu> chooses one.", ModelNamedTwice);
    /// <summary>DC0743, retired: <see cref="MaxPhysAddrMismatch"/>.</summary>
    public static readonly DiagnosticDescriptor RetiredMaxPhysAddrRefused = Retired("DC0743", DiagnosticCategory.Semantic, "argv's own id for a <maxphysaddr> the QEMU driver refuses.", MaxPhysAddrMismatch);
    /// <summary>DC0744, retired: <see cref="CacheModeMismatch"/>.</summary>
    public static readonly DiagnosticDescriptor RetiredCacheRefused = Retired("DC0744", DiagnosticCategory.Semantic, "argv's own id for a <cache> the QEMU driver refuses.", CacheModeMismatch);
    /// <summary>DC0748, retired: <see cref="VcpusNotMultipleOfThreads"/>.</summary>
    public static readonly DiagnosticDescriptor RetiredVcpusNotHotplugGranular = Retired("DC0748", DiagnosticCategory.Semantic, "argv's own id for a vCPU count that is not a multiple of the hotplug granularity.", VcpusNotMultipleOfThreads);
    /// <summary>DC1003, retired: <see cref="ModelUnsupported"/>.</summary>
    public static readonly DiagnosticDescriptor RetiredTranslateUnsupported = Retired("DC1003", DiagnosticCategory.Semantic, "The CPU algorithms' own id for a CPU model the hypervisor does not offer.", ModelUnsupported);
    /// <summary>DC1005, retired: <see cref="HostModelUnknown"/>.</summary>
    public static readonly DiagnosticDescriptor RetiredUpdateHostUnknown = Retired("DC1005", DiagnosticCategory.Semantic, "The CPU update's own id for a CPU that needs the host's model when none is known.", HostModelUnknown);

    /// <summary>Every descriptor, retired ones included, in id order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = Collect().OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

    private static readonly FrozenDictionary<string, DiagnosticDescriptor> ById = All.ToFrozenDictionary(d => d.Id, StringComparer.Ordinal);

    /// <summary>The descriptor of an id; null when no finding ever had it.</summary>
    public static DiagnosticDescriptor? Find(string id) => ById.GetValueOrDefault(id);

    private static List<DiagnosticDescriptor> Collect() =>
    [
        MalformedXml, DocumentTooLarge, NestingTooDeep, NodeOverLimit, XIncludeRefused, EntityRefused, DtdRefused, EncodingInvalid,
        SchemaMismatch, NotACpu, GuestAttributeOnHostCpu, CpuModeInvalid, MigratableNotAllowed, CpuAttributeInvalid, FallbackInvalid,
        VendorIdLength, VendorIdComma, VendorWithoutModel, TopologyInvalid, FeaturesWithoutModel, FeaturePolicyInvalid, FeatureNameInvalid,
        FeatureRepeated, CacheRepeated, CacheInvalid, MaxPhysAddrInvalid, HostCpuInvalid, NumaInvalid, CheckWithoutModel, TooManyItems,
        DeprecatedFeatureForm, DefaultModelHostNotKvm, ElementRepeated, ElementMissing, FeaturePolicyForm, GuestHostPartsMixed,
        DomainCapabilitiesModes, MachineTypeUnsupported, VcpuCountInvalid, NotQemuCapabilities, NotDomainCapabilities,
        TopologyVcpuMismatch, TopologyTooLarge, ModelAttributeWithoutName, IgnoredByMode, NumaInconsistent, NumaTopologyMismatch,
        CacheModeMismatch, MaxPhysAddrMismatch, ModelNamedTwice, CurrentVcpusAboveMaximum, HostCpuWithoutModel, TooManyVcpusForMachine,
        VcpusNotMultipleOfThreads,
        ReleaseLacksConstruct, MaxPhysAddrLimitInvalid, DeprecatedFeaturesNotS390, NotADomainChild, AutoPlacementWithNodeset,
        NotCpuidDump, CpuidDumpArch, CpuidDumpEmpty, CpuidDumpValue, JsonMalformed, QemuReportEmpty, QemuReportShape,
        AlreadyExpanded, CpuModeUnsupported, HostModelUnknown, ModelUnsupported, ModelNotUsable, ForbiddenFeaturePresent,
        IncompatibleWithHost, NotHostDocument, NoHostCpu, HookConfigInvalid, NotQemuCpuData, QemuCpuDataInvalid,
        QemuCpuRepeated, QemuCpuUnexpected, QemuModelPlacement, QemuCpuNameInvalid, QemuOptionRepeated, QemuOptionsTooMany,
        NotADomain, ClockOrFeatureInvalid, HypervInvalid, KvmFeatureInvalid, VcpuStateInvalid, HugepageNodesetInvalid, NumatuneInvalid,
        ThreadSchedulingInvalid, HostModelReachesArgv, RetiredQemuModelClash, NoDefaultCpuForArch, DiesUnsupported, RetiredCatalogNeeded, VcpuCountRefused,
        VcpusAboveMachineLimit, TopologyVcpuRefused, RetiredMaxPhysAddrRefused, RetiredCacheRefused, QemuLacksCpuCapability, HugepageNodeMissing,
        EmulatorArchMismatch, RetiredVcpusNotHotplugGranular, HostNumaNodeMissing, FeatureUnknownAtStart, RetiredModeUnsupported,
        RetiredModelUnsupported, RetiredIncompatible, RetiredNotDomainCapabilities,
        QemuCatalogInvalid,
        CpuMapTableInvalid,
        CpuMapUnreadable, CpuMapNoX86, CpuMapIncludeInvalid, CpuMapNameMissing, CpuMapVendorRepeated, CpuMapVendorString,
        CpuMapFeatureRepeated, CpuMapFeatureEmpty, CpuMapDataInvalid, CpuMapModelRepeated, CpuMapDecodeInvalid, CpuMapAncestorInvalid,
        CpuMapModelVendorInvalid, CpuMapModelFeatureInvalid, CpuMapSignatureInvalid, CpuMapCheckInvalid, CpuMapCanonicalRepeated, QemuCpuDataConflicting,
        ClustersUnsupported, VcpuCpusetInvalid,
        ModelUnknown, FeatureUnknown, RetiredTranslateUnsupported, NoSuitableModel, RetiredUpdateHostUnknown, LiveCpuMismatch,
        BaselineNoCpus, BaselineCpuWithoutModel, BaselineModelVendor, BaselineVendorsDiffer, BaselineNothingInCommon, VendorUnknown,
        NoCpu, HostCpuModelMissing,
        ModelNotPinned,
        NoInvariantTsc, NoPvSpinlocks, HypervDependencyMissing,
        DocumentKindUnexpected, GuestCpuAsHost,
        HugetlbfsNotMounted, HugetlbfsSizeNotMounted, NumadAdviceMissing,
        NumadQueryFailed, CgroupCpuMissing, CpuAffinityInvalid,
        QemuOptionUnknown, QemuOptionArgumentMissing, QemuImageMissing,
    ];
}

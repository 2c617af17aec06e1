using static DomainCpu.Diagnostics.DiagnosticCatalogue;

namespace DomainCpu.Diagnostics;

/// <summary>The findings about a CPU as libvirt's CPU parser (virCPUDefParseXML and its NUMA part) refuses it, in
/// libvirt's words.</summary>
internal static partial class Diagnoses
{
    public static Diagnostic NotACpu() => DiagnosticCatalogue.NotACpu.With("XML does not contain expected 'cpu' element");

    public static Diagnostic ArchWithMatch() =>
        GuestAttributeOnHostCpu.With("'arch' element cannot be used inside 'cpu' element with 'match' attribute'");

    public static Diagnostic ModeOnHostCpu() => GuestAttributeOnHostCpu.With("Attribute mode is only allowed for guest CPU");

    public static Diagnostic InvalidMode(string value) => CpuModeInvalid.With($"Invalid mode attribute '{value}'");

    public static Diagnostic MigratableOnlyForPassthrough() =>
        MigratableNotAllowed.With("Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU mode");

    public static Diagnostic InvalidCpuAttribute(string attribute, string value) =>
        InvalidAttributeValue(CpuAttributeInvalid, attribute, "cpu", value);

    public static Diagnostic InvalidFallback() => FallbackInvalid.With("Invalid fallback attribute");

    public static Diagnostic VendorIdNotTwelve() => VendorIdLength.With("vendor_id must be exactly 12 characters long");

    public static Diagnostic VendorIdInvalid() => VendorIdComma.With("vendor id is invalid");

    public static Diagnostic VendorSpecifiedWithoutModel() => VendorWithoutModel.With("CPU vendor specified without CPU model");

    public static Diagnostic TopologyOverflow() => TopologyTooLarge.With($"cpu topology results in more than {uint.MaxValue} cpus");

    public static Diagnostic FeatureListWithoutModel() => FeaturesWithoutModel.With("Non-empty feature list specified without CPU model");

    public static Diagnostic InvalidFeaturePolicy() => FeaturePolicyInvalid.With("Invalid CPU feature policy");

    public static Diagnostic InvalidFeatureMode(string mode, string value) =>
        FeaturePolicyInvalid.With($"Invalid CPU feature mode '{mode}' with value '{value}'");

    public static Diagnostic InvalidFeatureName() => FeatureNameInvalid.With("Invalid CPU feature name");

    public static Diagnostic FeatureSpecifiedTwice(string name) => FeatureRepeated.With($"CPU feature '{name}' specified more than once");

    public static Diagnostic SecondCache() => CacheRepeated.With("at most one CPU cache element may be specified");

    public static Diagnostic CacheLevelRange() => CacheInvalid.With("invalid CPU cache level, must be in range [1,3]");

    public static Diagnostic MissingArchitecture() => HostCpuInvalid.With("Missing CPU architecture");

    public static Diagnostic UnknownArchitecture(string arch) => HostCpuInvalid.With($"Unknown architecture {arch}");

    public static Diagnostic MissingModelName() => HostCpuInvalid.With("Missing CPU model name");

    public static Diagnostic TooManyFeatures(int limit) => TooManyItems.With($"more than {limit} features in one CPU");

    public static Diagnostic TooManyNumaCells(int limit) => TooManyItems.With($"more than {limit} NUMA cells");

    public static Diagnostic DeprecatedFeatureForm(string mode, string value, string policy) =>
        DiagnosticCatalogue.DeprecatedFeatureForm.With($"feature mode='{mode}' value='{value}' is deprecated; write policy='{policy}'");

    /// <summary>libvirt's NUMA parser refuses the topology; <paramref name="why"/> is its message for the part it
    /// refuses (cells, distances, caches, interconnects, memory sizes).</summary>
    public static Diagnostic NumaRefused(string why) => NumaInvalid.With(why);

    public static Diagnostic CheckWithoutModelAtDefine() => CheckWithoutModel.With("check attribute specified for CPU with no model");

    public static Diagnostic DefaultModelHost() =>
        DefaultModelHostNotKvm.With("QEMU reports invalid default CPU model \"host\" for non-kvm domain virt type");

    public static Diagnostic MachineNotOffered(string machine) =>
        MachineTypeUnsupported.With($"the emulator does not support machine type '{machine}'");

    public static Diagnostic NotDomainCapabilities(string found) =>
        DiagnosticCatalogue.NotDomainCapabilities.With($"expected a <domainCapabilities> document, found <{found}>");

    public static Diagnostic NotQemuCapabilities(string found) =>
        DiagnosticCatalogue.NotQemuCapabilities.With($"expected a <qemuCaps> document (libvirt's QEMU capabilities record), found <{found}>");
}

/// <summary>The findings of validation's own rules (what libvirt's schemas and CPU driver decide), in plain words.</summary>
internal static partial class Diagnoses
{
    public static Diagnostic SchemaMismatch(string xsdMessage) => DiagnosticCatalogue.SchemaMismatch.With(xsdMessage);

    public static Diagnostic NoSchemaForRoot(string root) =>
        DiagnosticCatalogue.SchemaMismatch.With($"no schema for the root element <{root}>; expected domain, capabilities, domainCapabilities or cpu (or give --kind)");

    public static Diagnostic GuestAttributeWithArch(string attribute) =>
        GuestAttributeOnHostCpu.With($"attribute {attribute} is only allowed for a guest CPU, and this CPU has <arch>");

    public static Diagnostic MigratableWithMode(string mode) =>
        MigratableNotAllowed.With($"migratable is only allowed with mode host-passthrough or maximum, not {mode}");

    public static Diagnostic VendorIdNotTwelveCharacters(string vendorId) =>
        VendorIdLength.With($"vendor_id '{vendorId}' is not exactly 12 characters long");

    public static Diagnostic VendorIdWithComma(string vendorId) => VendorIdComma.With($"vendor_id '{vendorId}' contains a comma");

    public static Diagnostic VendorGivenWithoutModel() => VendorWithoutModel.With("a CPU vendor is given without a CPU model");

    public static Diagnostic FeaturesGivenWithoutModel() => FeaturesWithoutModel.With("a custom CPU lists features but has no model");

    public static Diagnostic FeatureWithoutName() => FeatureNameInvalid.With("<feature> needs a name");

    /// <summary>A guest or host feature name with characters libvirt's schema refuses (a '.' in a host CPU's name before
    /// libvirt 12.8 is the release's finding, <see cref="NeedsRelease"/>).</summary>
    public static Diagnostic FeatureNameCharacters(string name) =>
        FeatureNameInvalid.With($"'{name}' is not a valid feature name (letters, digits, '-', '_' and '.')");

    public static Diagnostic FeatureListedTwice(string name) => FeatureRepeated.With($"feature '{name}' is listed more than once");

    public static Diagnostic NeedsMode(string element, string modes) => (element == "cache" ? CacheInvalid : MaxPhysAddrInvalid)
        .With($"<{element}> needs a mode ({modes})");

    public static Diagnostic HostCpuWithoutArch() => HostCpuInvalid.With("a host CPU needs an <arch> element");

    public static Diagnostic ArchitectureUnknown(string arch) => HostCpuInvalid.With($"unknown architecture '{arch}'");

    /// <summary>A NUMA part the schema requires or forbids; <paramref name="why"/> names it.</summary>
    public static Diagnostic NumaMalformed(string why) => NumaInvalid.With(why);

    public static Diagnostic CheckWithoutModelGiven() => CheckWithoutModel.With("check is set on a custom CPU that has no model");

    public static Diagnostic ElementMissing(string element, string parent) =>
        DiagnosticCatalogue.ElementMissing.With(parent == "cache" ? $"a NUMA <cache> needs a <{element}> element" : $"<{parent}> needs a <{element}> element");

    public static Diagnostic PolicyAndMode() => FeaturePolicyForm.With("a feature takes policy= or the deprecated mode=, not both");

    public static Diagnostic ValueWithoutMode() => FeaturePolicyForm.With("value= only goes with the deprecated mode=");

    public static Diagnostic FeatureNeedsPolicy(string? name) =>
        FeaturePolicyForm.With($"feature '{name}' needs a policy (force, require, optional, disable or forbid)");

    public static Diagnostic FeatureModeInvalid(string mode) =>
        FeaturePolicyForm.With($"mode='{mode}' of <feature> is not set or check; write policy= instead");

    public static Diagnostic FeatureValueInvalid(string value) => FeaturePolicyForm.With($"value='{value}' of <feature> is not on or off");

    public static Diagnostic HostPartInGuestCpu(string element) =>
        GuestHostPartsMixed.With($"<{element}> belongs to a host CPU, but this CPU has no <arch>, so it is a guest CPU");

    public static Diagnostic GuestPartInHostCpu(string element) =>
        GuestHostPartsMixed.With($"<{element}> belongs to a guest CPU, but this CPU has <arch>, so it is a host CPU");

    public static Diagnostic HostCpuAttribute(string element, string attribute) =>
        GuestHostPartsMixed.With($"a host CPU's <{element}> takes no attribute {attribute}");

    /// <summary>Domain capabilities' <c>&lt;cpu&gt;</c> is not in the shape libvirt writes; <paramref name="why"/> says how.</summary>
    public static Diagnostic DomainCapabilitiesShape(string why) => DomainCapabilitiesModes.With(why);

    public static Diagnostic VcpuCountNotANumber(string what, string value) =>
        VcpuCountInvalid.With($"the {what} '{value}' is not a number from 1 to 65535");

    /// <param name="product">The vCPUs the topology gives.</param>
    /// <param name="vcpus">The domain's vCPU count.</param>
    /// <param name="factors">The attributes the target release multiplies (clusters only in releases that have them).</param>
    public static Diagnostic TopologyGivesOtherCount(ulong product, ulong vcpus, IEnumerable<string> factors) =>
        TopologyVcpuMismatch.With($"the topology gives {product} vCPUs ({string.Join(" × ", factors)}) but <vcpu> is {vcpus}");

    public static Diagnostic TopologyNumberTooLarge(string attribute, string value) =>
        TopologyTooLarge.With($"{attribute}='{value}' is more than {uint.MaxValue}");

    public static Diagnostic TopologyProductTooLarge() => TopologyTooLarge.With($"the topology results in more than {uint.MaxValue} CPUs");

    public static Diagnostic NoEffectWithoutModel(string attribute) =>
        ModelAttributeWithoutName.With($"{attribute} has no effect without a model name");

    public static Diagnostic IgnoredWithMode(string part, string mode) => IgnoredByMode.With($"{part} is ignored with mode {mode}");

    public static Diagnostic CurrentAboveMaximum(ulong current, ulong maximum) =>
        CurrentVcpusAboveMaximum.With($"the current vCPU count {current} is greater than the maximum {maximum}");

    public static Diagnostic HostCpuNeedsModel() => HostCpuWithoutModel.With("a host CPU needs a <model> name");

    public static Diagnostic TooManyVcpusForMachineType(string machine) =>
        TooManyVcpusForMachine.With($"more than 255 vCPUs are only supported on q35-based machine types, not '{machine}'");

    public static Diagnostic VcpusNotMultipleOfThreadsPerCore(ulong count, ulong threads) =>
        VcpusNotMultipleOfThreads.With($"the vCPU count {count} must be a multiple of the hotplug granularity ({threads} threads per core)");

    /// <summary>The NUMA cells do not fit together; <paramref name="why"/> says how.</summary>
    public static Diagnostic NumaCellsInconsistent(string why) => NumaInconsistent.With(why);

    public static Diagnostic NumaCountDiffersFromTopology(long cells, ulong topology) =>
        NumaTopologyMismatch.With($"the NUMA cells have {cells} vCPUs but the topology gives {topology}");
}

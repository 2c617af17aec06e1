using static DomainCpu.Diagnostics.DiagnosticCatalogue;

namespace DomainCpu.Diagnostics;

/// <summary>The findings about a libvirt cpu_map directory, in the words of libvirt's loader (cpu_map.c, cpu_x86.c).</summary>
internal static partial class Diagnoses
{
    public static Diagnostic CpuMapFileUnreadable(string name) => CpuMapUnreadable.With($"cannot read CPU map file '{name}'");

    public static Diagnostic CpuMapWithoutX86() => CpuMapNoX86.With("cannot find CPU map for x86 architecture");

    public static Diagnostic CpuMapIncludeWithoutFile() => CpuMapIncludeInvalid.With("missing 'filename' in CPU map include");

    public static Diagnostic CpuMapUnnamed(string what) => CpuMapNameMissing.With($"cannot find {what} name in CPU map");

    public static Diagnostic CpuMapVendorTwice(string name) => CpuMapVendorRepeated.With($"CPU vendor {name} already defined");

    public static Diagnostic CpuMapVendorWithoutString(string name) => CpuMapVendorString.With($"Missing vendor string for CPU vendor {name}");

    public static Diagnostic CpuMapVendorStringInvalid(string text) => CpuMapVendorString.With($"Invalid CPU vendor string '{text}'");

    public static Diagnostic CpuMapFeatureTwice(string name) => CpuMapFeatureRepeated.With($"CPU feature {name} already defined");

    public static Diagnostic CpuMapFeatureWithoutData() => CpuMapFeatureEmpty.With("no x86 CPU data found");

    public static Diagnostic CpuMapDataAttributeMissing(string what, string attribute) =>
        CpuMapDataInvalid.With($"{what}: missing attribute '{attribute}'");

    public static Diagnostic CpuMapDataAttributeInvalid(string what, string value, string attribute) =>
        CpuMapDataInvalid.With($"{what}: invalid value '{value}' of attribute '{attribute}'");

    public static Diagnostic CpuMapModelTwice(string name) => CpuMapModelRepeated.With($"Multiple definitions of CPU model '{name}'");

    public static Diagnostic CpuMapModelWithoutDecode(string name) => CpuMapDecodeInvalid.With($"missing decode element in CPU model {name}");

    public static Diagnostic CpuMapAncestorUnnamed(string model) => CpuMapAncestorInvalid.With($"Missing ancestor's name in CPU model {model}");

    public static Diagnostic CpuMapAncestorUnknown(string ancestor, string model) =>
        CpuMapAncestorInvalid.With($"Ancestor model {ancestor} not found for CPU model {model}");

    public static Diagnostic CpuMapModelVendorUnnamed(string model) => CpuMapModelVendorInvalid.With($"Invalid vendor element in CPU model {model}");

    public static Diagnostic CpuMapModelVendorUnknown(string vendor, string model) =>
        CpuMapModelVendorInvalid.With($"Unknown vendor {vendor} referenced by CPU model {model}");

    public static Diagnostic CpuMapModelFeatureUnnamed(string model) => CpuMapModelFeatureInvalid.With($"Missing feature name for CPU model {model}");

    public static Diagnostic CpuMapModelFeatureUnknown(string feature, string model) =>
        CpuMapModelFeatureInvalid.With($"Feature {feature} required by CPU model {model} not found");

    public static Diagnostic CpuMapSignatureFamily(string model) => CpuMapSignatureInvalid.With($"Invalid CPU signature family in model {model}");

    public static Diagnostic CpuMapSignatureModel(string model) => CpuMapSignatureInvalid.With($"Invalid CPU signature model in model {model}");

    public static Diagnostic CpuMapBitmapInvalid(string text) => CpuMapSignatureInvalid.With($"Failed to parse bitmap '{text}'");
}

/// <summary>The findings about a QEMU CPU catalog file.</summary>
internal static partial class Diagnoses
{
    public static Diagnostic QemuCatalogInvalid(string why) => DiagnosticCatalogue.QemuCatalogInvalid.With(why);

    public static Diagnostic CpuMapTableInvalid(string why) => DiagnosticCatalogue.CpuMapTableInvalid.With(why);

    public static Diagnostic CpuMapCheckWithoutPartial(string model) => CpuMapCheckInvalid.With($"Missing check/@partial in CPU model {model}");

    public static Diagnostic CpuMapCheckPartialInvalid(string value, string model) =>
        CpuMapCheckInvalid.With($"Invalid check/@partial value '{value}' in CPU model {model}");

    public static Diagnostic CpuMapCanonicalTwice(string name, string model, string already) =>
        CpuMapCanonicalRepeated.With($"Cannot set CPU model '{name}' as canonical name of '{model}' which is already an alias of '{already}'");
}

namespace DomainCpu.Diagnostics;

/// <summary>The findings of libvirt's CPU operations (decode, update, translate, compare, baseline), in libvirt's
/// words. They have no position: the operation that knows the document places them.</summary>
internal static partial class Diagnoses
{
    public static Diagnostic UnknownModel(string name) => DiagnosticCatalogue.ModelUnknown.With($"Unknown CPU model {name}");

    public static Diagnostic UnknownFeature(string name) => DiagnosticCatalogue.FeatureUnknown.With($"Unknown CPU feature {name}");

    public static Diagnostic NoSuitableModel() => DiagnosticCatalogue.NoSuitableModel.With("Cannot find suitable CPU model for given data");

    /// <summary>check='full' and QEMU started something else; <paramref name="differences"/> lists what (empty when QEMU
    /// reported features it could not enable).</summary>
    public static Diagnostic LiveCpuMismatch(IReadOnlyCollection<string> differences) =>
        DiagnosticCatalogue.LiveCpuMismatch.With(differences.Count == 0
            ? "guest CPU doesn't match specification"
            : $"guest CPU doesn't match specification: {string.Join(", ", differences)}");

    public static Diagnostic BaselineNoCpus() => DiagnosticCatalogue.BaselineNoCpus.With("no CPUs given");

    public static Diagnostic BaselineCpuWithoutModel(int index) =>
        DiagnosticCatalogue.BaselineCpuWithoutModel.With($"no CPU model specified at index {index}");

    public static Diagnostic BaselineModelVendor(string modelVendor, string model, string declared) =>
        DiagnosticCatalogue.BaselineModelVendor.With($"CPU vendor {modelVendor} of model {model} differs from vendor {declared}");

    public static Diagnostic BaselineVendorsDiffer() => DiagnosticCatalogue.BaselineVendorsDiffer.With("CPU vendors do not match");

    public static Diagnostic BaselineNothingInCommon() => DiagnosticCatalogue.BaselineNothingInCommon.With("CPUs are incompatible");

    public static Diagnostic UnknownVendor(string name) => DiagnosticCatalogue.VendorUnknown.With($"Unknown CPU vendor {name}");

    /// <summary>A document given as a CPU holds none; <paramref name="why"/> says what was found instead.</summary>
    public static Diagnostic NoCpu(string why) => DiagnosticCatalogue.NoCpu.With(why);

    public static Diagnostic NoCpuInFile(string file) =>
        DiagnosticCatalogue.NoCpu.With($"File '{file}' does not contain any <cpu> element or valid domain XML, host capabilities XML, or domain capabilities XML");

    public static Diagnostic HostCpuModelMissing() => DiagnosticCatalogue.HostCpuModelMissing.With("unknown host CPU");
}

namespace DomainCpu.Diagnostics;

/// <summary>The findings about host data: CPUID dumps and QEMU's QMP replies.</summary>
internal static partial class Diagnoses
{
    public static Diagnostic NotCpuidDump(string found) =>
        DiagnosticCatalogue.NotCpuidDump.With($"expected a <cpudata> document (a CPUID dump), found <{found}>");

    public static Diagnostic CpuidDumpWithoutArch() => DiagnosticCatalogue.CpuidDumpArch.With("missing CPU data architecture");

    public static Diagnostic CpuidDumpOtherArch(string arch) =>
        DiagnosticCatalogue.CpuidDumpArch.With($"CPU data of architecture '{arch}' is not supported (only x86)");

    public static Diagnostic CpuidDumpEmpty() => DiagnosticCatalogue.CpuidDumpEmpty.With("no x86 CPU data found");

    public static Diagnostic CpuidDumpAttributeMissing(string attribute, string element) =>
        DiagnosticCatalogue.CpuidDumpValue.With($"missing attribute '{attribute}' in element '{element}'");

    public static Diagnostic CpuidDumpAttributeInvalid(string attribute, string element, string value) =>
        DiagnosticCatalogue.CpuidDumpValue.With($"invalid value for attribute '{attribute}' in element '{element}': '{value}' (expected a 32-bit number such as 0x1f)");

    public static Diagnostic JsonNotUtf8(long offset) => DiagnosticCatalogue.JsonMalformed.With($"invalid UTF-8 byte sequence at byte offset {offset}");

    public static Diagnostic JsonMalformed(string parserMessage) => DiagnosticCatalogue.JsonMalformed.With("malformed JSON: " + parserMessage);

    public static Diagnostic QemuReportEmpty() =>
        DiagnosticCatalogue.QemuReportEmpty.With("no query-cpu-model-expansion or query-cpu-definitions reply found (expected QMP replies such as {\"return\": {\"model\": …}})");

    public static Diagnostic QemuReportPropsNotObject() =>
        DiagnosticCatalogue.QemuReportShape.With("the CPU model expansion's \"props\" is not an object");
}

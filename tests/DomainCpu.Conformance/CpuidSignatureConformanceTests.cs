using System.Globalization;
using DomainCpu.Conformance.Support;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>cputest kinds cpuid-signature (CPUID dump → .sig) and cpuid-json-signature (QEMU's host expansion →
/// .sig): the family/model/stepping decoding and libvirt's signature encoding, no model decode involved.</summary>
[TestFixture]
public class CpuidSignatureConformanceTests
{
    private static readonly RowCheck<CputestRow> Check = new("libvirt-9.0 cputestdata, CPU signatures", "libvirt-9.0", CputestRow.Read,
        row => row.Arch == "x86_64" && row.Test is "cpuid-signature" or "cpuid-json-signature", row => row.Test,
        (row, results) => results.Count(row.Test, row.Test == "cpuid-signature" ? CpuidSignatureOf(row) : CpuidJsonSignatureOf(row)),
        new KindFloor("cpuid-signature", 100), new KindFloor("cpuid-json-signature", 100));

    public static IEnumerable<TestCaseData> Rows() => Check.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<CputestRow> c) => Check.AssertCase(c);

    [Test]
    public void PassRates() => Check.AssertPassRates();

    private static string? CpuidSignatureOf(CputestRow row)
    {
        var data = CpuidConformance.LoadDump(row.Input1);
        return Compare(CpuidSignature.Raw(data), row.Expected);
    }

    private static string? CpuidJsonSignatureOf(CputestRow row)
    {
        var report = CpuidConformance.LoadQemuHost(row.Input1);
        if (report.HostCpu is null) return "the .json has no host CPU expansion";
        return Compare(CpuidSignature.Raw(QemuHostData.VendorAndSignature(report.HostCpu)), row.Expected);
    }

    /// <summary>Formats a signature as cputest's .sig file and compares; null when equal, else the difference.</summary>
    private static string? Compare(uint signature, string expectedFile)
    {
        var actual = Format(signature);
        var expected = File.ReadAllText(CpuidConformance.PathOf(expectedFile));
        return actual == expected ? null : UnifiedDiff.Create(expected, actual, expectedFile, "actual");
    }

    internal static string Format(uint signature)
    {
        var (family, model, stepping) = CpuSignature.FromCpuidEax(signature);
        return string.Create(CultureInfo.InvariantCulture,
            $"{signature:x6}\nfamily:   {family,3} (0x{family:x2})\nmodel:    {model,3} (0x{model:x2})\nstepping: {stepping,3} (0x{stepping:x2})\n");
    }
}

/// <summary>Loading corpus files of the cputest kinds.</summary>
internal static class CpuidConformance
{
    public static string PathOf(string file) => Path.Combine(Corpus.Libvirt90, "cputestdata", file);

    public static CpuidData LoadDump(string file)
    {
        var path = PathOf(file);
        return CpuidDump.Parse(File.ReadAllText(path), path);
    }

    public static QemuHostReport LoadQemuHost(string file)
    {
        var path = PathOf(file);
        return QemuHostReport.ReadJson(File.ReadAllBytes(path), path);
    }
}

using DomainCpu.Catalog;
using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using DomainCpu.Tests.Support;
using NUnit.Framework;
using DomainCpu.X86;

namespace DomainCpu.Conformance;

/// <summary>
/// The decode engine against libvirt's CPUID dumps: cpuid-host (decode as a host CPU) and cpuid-guest cases
/// whose model choice does not depend on QEMU's model list (json=JSON_NONE or JSON_HOST). These exercise the
/// model walk, signature matching, the TSX erratum filter and the disabled-feature weight quirk.
/// </summary>
[TestFixture]
public class CputestDecodeTests
{
    private static readonly RowCheck<CputestRow> Check = new("libvirt-9.0 cputestdata, decode engine", "libvirt-9.0", CputestRow.Read,
        row => row.Test == "cpuid-host" || row.Test == "cpuid-guest" && !row.Parameters.StartsWith("json=JSON_MODELS", StringComparison.Ordinal),
        row => row.Test, (row, results) => results.Count(row.Test, Decode(row)),
        new KindFloor("cpuid-host", 100), new KindFloor("cpuid-guest", 100));

    public static IEnumerable<TestCaseData> Rows() => Check.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<CputestRow> c) => Check.AssertCase(c);

    [Test]
    public void PassRates() => Check.AssertPassRates();

    private static string? Decode(CputestRow row)
    {
        var catalog = CputestSupport.Catalog;
        var data = CputestSupport.LoadCpuData(row.Input1);
        var type = row.Test == "cpuid-host" ? CpuType.Host : CpuType.Guest;
        var cpu = X86Decoder.Decode(catalog, data, new DecodeRequest(type, Fallback: CpuFallback.Forbid));
        if (type == CpuType.Host) cpu = cpu with { Arch = "x86_64" };
        var got = CputestSupport.Format(cpu);
        var want = CputestSupport.Expected(row.Expected);
        return got == want ? null : UnifiedDiff.Create(want, got, row.Expected, "actual");
    }
}

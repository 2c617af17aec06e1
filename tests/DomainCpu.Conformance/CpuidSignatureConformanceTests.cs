using System.Globalization;
using DomainCpu.Conformance.Support;
using DomainCpu.Host;
using DomainCpu.Model;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>cputest kinds cpuid-signature (CPUID dump → .sig) and cpuid-json-signature (QEMU's host expansion →
/// .sig): the family/model/stepping decoding and libvirt's signature encoding, no model decode involved.</summary>
[TestFixture]
public class CpuidSignatureConformanceTests
{
    [Test]
    public void CpuidSignatureKind() =>
        CpuidPassRates.Run("cpuid-signature", CpuidPassRates.Floors["cpuid-signature"], row =>
        {
            var data = CpuidConformance.LoadDump(row[2]);
            return Compare(CpuidSignature.Raw(data), row[5]);
        });

    [Test]
    public void CpuidJsonSignatureKind() =>
        CpuidPassRates.Run("cpuid-json-signature", CpuidPassRates.Floors["cpuid-json-signature"], row =>
        {
            var report = CpuidConformance.LoadQemuHost(row[2]);
            if (report.HostCpu is null) return "the .json has no host CPU expansion";
            return Compare(CpuidSignature.Raw(QemuHostData.VendorAndSignature(report.HostCpu)), row[5]);
        });

    /// <summary>Formats a signature as cputest's .sig file and compares; null when equal, else the difference.</summary>
    private static string? Compare(uint signature, string expectedFile)
    {
        var actual = Format(signature);
        var expected = File.ReadAllText(CpuidConformance.PathOf(expectedFile));
        return actual == expected ? null : $"expected:\n{expected}actual:\n{actual}";
    }

    internal static string Format(uint signature)
    {
        var (family, model, stepping) = CpuidSignature.Decode(signature);
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

    /// <summary>The rows of one cputest kind (x86 only).</summary>
    public static IReadOnlyList<string[]> Rows(string kind) =>
        Corpus.Cases("cputestdata").Where(r => r[0] == kind && r[1] == "x86_64").ToList();
}

/// <summary>Pass-rate bookkeeping of the cpuid kinds: every case runs, misses are listed with their reason, the
/// table goes to the test output, and the rate must not drop below the recorded floor.</summary>
internal static class CpuidPassRates
{
    /// <summary>The floors (pass rate in percent) per kind; they only ever go up.</summary>
    public static readonly IReadOnlyDictionary<string, double> Floors = new Dictionary<string, double>
    {
        ["cpuid-signature"] = 100,
        ["cpuid-json-signature"] = 100,
        ["cpuid-host"] = 100,
        ["cpuid-guest"] = 100,
        ["cpuid-json"] = 100,
        ["cpuid-updatelive"] = 100,
        ["domaincaps-host-model"] = 100,
        ["domaincaps-host-model-no-unavailable-features"] = 100,
    };

    /// <summary>Cases known to miss, with the reason (kind/input → why).</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownMisses = new Dictionary<string, string>();

    /// <summary>Runs every case of a kind; <paramref name="check"/> returns null on a match, else what differs.</summary>
    public static void Run(string kind, double floor, Func<string[], string?> check, IReadOnlyList<string[]>? cases = null)
    {
        var rows = cases ?? CpuidConformance.Rows(kind);
        Assert.That(rows, Is.Not.Empty, $"no {kind} cases in the corpus");
        var misses = new List<string>();
        foreach (var row in rows)
        {
            string? miss;
            try
            {
                miss = check(row);
            }
            catch (Exception ex)
            {
                miss = $"{ex.GetType().Name}: {ex.Message}";
            }
            if (miss is not null) misses.Add($"{row[2]}: {miss}");
        }
        var passed = rows.Count - misses.Count;
        var rate = 100.0 * passed / rows.Count;
        TestContext.Out.WriteLine($"| kind | passed | cases | rate | floor |");
        TestContext.Out.WriteLine($"| {kind} | {passed} | {rows.Count} | {rate:F1}% | {floor:F1}% |");
        foreach (var m in misses)
        {
            var key = $"{kind}/{m[..m.IndexOf(':')]}";
            var why = KnownMisses.TryGetValue(key, out var w) ? $" (known: {w})" : "";
            TestContext.Out.WriteLine($"MISS {m}{why}");
        }
        Assert.That(rate, Is.GreaterThanOrEqualTo(floor), $"{kind}: pass rate {rate:F1}% below the floor {floor:F1}%:\n{string.Join("\n", misses)}");
    }
}

using System.Text;
using System.Text.RegularExpressions;
using DomainCpu.Catalog;
using DomainCpu.Cli;
using DomainCpu.Conformance.Support;
using DomainCpu.Host;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.X86;
using DomainCpu.Tests.Support;

namespace DomainCpu.Conformance;

/// <summary>
/// cputest kinds that decode CPU data with libvirt 9.0's cpu_map, through the command reviewers call:
/// cpuid-host (<c>capabilities --cpu-map MAP --cpuid DUMP</c> → <c>-host.xml</c>), cpuid-json
/// (<c>… --qemu-host DUMP.json</c>, the last &lt;cpu&gt; printed → <c>-json.xml</c>) and cpuid-guest (the dump
/// decoded as an exact guest CPU, over QEMU's models when the case has them → <c>-guest.xml</c>).
/// </summary>
[TestFixture]
public class CpuidDecodeConformanceTests
{
    private static string CpuMap => Path.Combine(Corpus.Libvirt90, "cpu_map");

    private static CpuCatalog? _catalog;

    private static CpuCatalog Catalog => _catalog ??= LibvirtCpuMap.LoadDirectory(CpuMap);

    private static readonly RowCheck<CputestRow> Check = new("libvirt-9.0 cputestdata, CPU data decoded through the CLI", "libvirt-9.0",
        CputestRow.Read, row => row.Arch == "x86_64" && row.Test is "cpuid-host" or "cpuid-json" or "cpuid-guest" or "cpuid-updatelive",
        row => row.Test, (row, results) => results.Count(row.Test, row.Test switch
        {
            "cpuid-host" => CpuidHost(row),
            "cpuid-json" => CpuidJson(row),
            "cpuid-guest" => CpuidGuest(row),
            _ => CpuidUpdateLive(row),
        }),
        new KindFloor("cpuid-host", 100), new KindFloor("cpuid-json", 100), new KindFloor("cpuid-guest", 100), new KindFloor("cpuid-updatelive", 100));

    public static IEnumerable<TestCaseData> Rows() => Check.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<CputestRow> c) => Check.AssertCase(c);

    [Test]
    public void PassRates() => Check.AssertPassRates();

    private static string? CpuidHost(CputestRow row)
    {
        var r = Cli("--libvirt", "9.0", "capabilities", "--cpu-map", CpuMap, "--cpuid", CpuidConformance.PathOf(row.Input1));
        if (r.Code != 0) return $"exit {r.Code}: {r.Stderr}";
        return Diff(File.ReadAllText(CpuidConformance.PathOf(row.Expected)), r.Stdout);
    }

    private static string? CpuidJson(CputestRow row)
    {
        var dump = CpuidConformance.PathOf(row.Input1[..^".json".Length] + ".xml");
        var r = Cli("--libvirt", "9.0", "capabilities", "--cpu-map", CpuMap, "--cpuid", dump, "--qemu-host", CpuidConformance.PathOf(row.Input1));
        if (r.Code != 0) return $"exit {r.Code}: {r.Stderr}";
        var cpus = Regex.Matches(r.Stdout, "<cpu[ >].*?</cpu>\n", RegexOptions.Singleline);
        if (cpus.Count != 2) return $"expected the host <cpu> and the host-model <cpu>, got {cpus.Count}";
        return Diff(File.ReadAllText(CpuidConformance.PathOf(row.Expected)), cpus[^1].Value);
    }

    private static string? CpuidGuest(CputestRow row)
    {
        var data = CpuidConformance.LoadDump(row.Input1);
        IReadOnlyList<AllowedModel>? models = null;
        if (row.Parameters.StartsWith("json=JSON_MODELS", StringComparison.Ordinal))
        {
            models = QemuHostModel.AllowedModels(CpuidConformance.LoadQemuHost(row.Input1[..^".xml".Length] + ".json").Models)
                ?? throw new InvalidOperationException("the case needs QEMU's model list but the .json has none");
        }
        var cpu = HostDecoder.DecodeGuest(Catalog, data, models);
        return Diff(File.ReadAllText(CpuidConformance.PathOf(row.Expected)), CpuXmlWriter.Write(cpu) + "\n");
    }

    /// <summary>cpuid-updatelive end to end: the dump decoded as a guest CPU (over QEMU's models when the case has
    /// them), translated to QEMU's model when they differ (with QEMU's blockers), updated with the CPUID data a
    /// running QEMU enabled and disabled, then compared feature by feature with the expanded -json.xml as
    /// libvirt's test does (extra disabled features tolerated).</summary>
    private static string? CpuidUpdateLive(CputestRow row)
    {
        var host = row.Input1[..^"-guest.xml".Length];
        var report = CpuidConformance.LoadQemuHost(host + ".json");
        var models = row.Parameters.StartsWith("json=JSON_MODELS", StringComparison.Ordinal) ? QemuHostModel.AllowedModels(report.Models) : null;
        var cpu = HostDecoder.DecodeGuest(Catalog, CpuidConformance.LoadDump(host + ".xml"), models);
        var expectedPath = CpuidConformance.PathOf(row.Expected.Split(' ')[0]);
        var expected = DomainDocument.LoadFile(expectedPath).ReadCpu()!;
        if (cpu.ModelName != expected.ModelName)
        {
            var hv = QemuHostModel.AllowedModels(report.Models)?.FirstOrDefault(m => m.Name == expected.ModelName) ?? new AllowedModel(expected.ModelName!);
            cpu = cpu with { Model = cpu.Model! with { Fallback = Model.CpuFallback.Allow } };
            cpu = X86Translate.Translate(Catalog, cpu, new[] { hv });
            cpu = cpu with { Model = cpu.Model! with { Fallback = Model.CpuFallback.Forbid } };
        }
        var files = row.Input2.Split(' ');
        cpu = X86UpdateLive.Update(Targets.LibvirtProfile.Libvirt90, Catalog, cpu,
            X86Data.FromCpuid(CpuidConformance.LoadDump(files[0])), X86Data.FromCpuid(CpuidConformance.LoadDump(files[1])));
        return CompareExpanded(X86ExpandFeatures.Expand(Catalog, cpu), X86ExpandFeatures.Expand(Catalog, expected));
    }

    /// <summary>libvirt's cpuTestUpdateLiveCompare: both feature lists sorted by name; a feature only the actual CPU
    /// disables is fine, every other disagreement is a missing or extra feature.</summary>
    private static string? CompareExpanded(Model.CpuDefinition actual, Model.CpuDefinition expected)
    {
        if (actual.ModelName != expected.ModelName) return $"model {actual.ModelName}, expected {expected.ModelName}";
        var a = actual.Features.ToDictionary(f => f.Name, f => f.Policy);
        var e = expected.Features.ToDictionary(f => f.Name, f => f.Policy);
        var problems = new List<string>();
        foreach (var name in a.Keys.Union(e.Keys).Order(StringComparer.Ordinal))
        {
            var inA = a.TryGetValue(name, out var pa);
            var inE = e.TryGetValue(name, out var pe);
            var req = Model.FeaturePolicy.Require;
            var dis = Model.FeaturePolicy.Disable;
            if (inA && inE && pa == dis && pe == req || !inA && pe == req) problems.Add($"lacks {name}");
            else if (inA && inE && pa == req && pe == dis || !inE && pa == req || !inA && pe == dis) problems.Add($"has extra {name}");
        }
        return problems.Count == 0 ? null : string.Join(", ", problems);
    }

    private static string? Diff(string expected, string actual) =>
        expected == actual ? null : "\n" + UnifiedDiff.Create(expected, actual);

    private static (int Code, string Stdout, string Stderr) Cli(params string[] args)
    {
        using var input = new MemoryStream();
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var code = DomainCpu.Cli.Program.Run(args, new CliContext(input, output, error));
        return (code, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }
}

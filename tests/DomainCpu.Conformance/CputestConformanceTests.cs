using DomainCpu.Catalog;
using DomainCpu.Compat;
using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Diagnostics;
using DomainCpu.X86;
using DomainCpu.Tests.Support;

namespace DomainCpu.Conformance;

/// <summary>
/// libvirt 9.0's CPU driver cases (cputestdata/CASES.tsv) of kinds compare, update, guestcpu, baseline,
/// hasfeature, cpuid-baseline and cpuid-updatelive, run against the library with the corpus cpu_map: one test case per
/// x86 row, and every row counted in a pass-rate table whose rate per kind must stay at or above its floor.
/// </summary>
[TestFixture]
public class CputestConformanceTests
{
    private static readonly KindFloor[] Floors =
    [
        new("compare", 100), new("update", 100), new("guestcpu", 100), new("baseline", 100), new("hasfeature", 100),
        new("cpuid-baseline", 100), new("cpuid-updatelive", 100),
    ];

    private static readonly RowCheck<CputestRow> Check = new("libvirt-9.0 cputestdata, library calls", "libvirt-9.0", CputestRow.Read,
        row => row.Arch == "x86_64" && Floors.Any(f => f.Kind == row.Test), row => row.Test,
        (row, results) => results.Count(row.Test, Run(row.Test, row.Input1, row.Input2, row.Parameters, row.Expected)), Floors);

    public static IEnumerable<TestCaseData> Rows() => Check.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<CputestRow> c) => Check.AssertCase(c);

    [Test]
    public void PassRates() => Check.AssertPassRates();

    /// <summary>Runs one case; null when it passes, else what went wrong.</summary>
    private static string? Run(string kind, string input1, string input2, string parameters, string expected)
    {
        var catalog = CputestSupport.Catalog;
        switch (kind)
        {
            case "compare":
            {
                string got;
                try
                {
                    var r = Comparer.Compare(catalog, CputestSupport.LoadCpu(input1), CputestSupport.LoadCpu(input2));
                    got = r.Result.ToString().ToUpperInvariant();
                }
                catch (DomainCpuException)
                {
                    got = "ERROR";
                }
                return got == expected ? null : $"got {got}, expected {expected}";
            }
            case "update":
            {
                var host = X86Migratable.Copy(catalog, CputestSupport.LoadCpu(input1));
                var cpu = X86Update.Update(catalog, CputestSupport.LoadCpu(input2), host);
                return Diff(CputestSupport.Format(cpu), expected);
            }
            case "guestcpu":
            {
                var models = parameters["models=".Length..];
                IReadOnlyList<AllowedModel>? allowed = models == "(none)" ? null : models.Split(',').Select(m => new AllowedModel(m)).ToList();
                string got;
                try
                {
                    var host = CputestSupport.LoadCpu(input1);
                    var cpu = CputestSupport.LoadCpu(input2);
                    var cmp = Comparer.Compare(catalog, host, cpu);
                    if (cmp.Result == CompareVerdict.Incompatible) return expected == "ERROR" ? null : $"incompatible: {cmp.Reason}";
                    cpu = X86Update.Update(catalog, cpu, host);
                    cpu = X86Translate.Translate(catalog, cpu, allowed);
                    got = CputestSupport.Format(cpu);
                }
                catch (DomainCpuException ex)
                {
                    return expected == "ERROR" ? null : $"error {ex.Message}";
                }
                return expected == "ERROR" ? "succeeded, expected ERROR" : Diff(got, expected);
            }
            case "baseline":
            {
                var variant = parameters["variant=".Length..];
                var cpus = CputestSupport.LoadCpuTest(input1);
                CpuDefinition result;
                try
                {
                    result = Baseline.Compute(catalog, cpus, new BaselineOptions(ExpandFeatures: variant == "features", Migratable: variant == "migratable"));
                }
                catch (DomainCpuException ex)
                {
                    return expected == "ERROR" ? null : $"error {ex.Message}";
                }
                if (expected == "ERROR") return "succeeded, expected ERROR";
                return Diff(CputestSupport.Format(result), expected) ?? CheckRunsOnAll(catalog, cpus, result);
            }
            case "cpuid-baseline":
            {
                var cpus = new[] { CputestSupport.LoadCpu(input1), CputestSupport.LoadCpu(input2) };
                var result = Baseline.Compute(catalog, cpus);
                return Diff(CputestSupport.Format(result), expected) ?? CheckRunsOnAll(catalog, cpus, result);
            }
            case "cpuid-updatelive":
                return UpdateLive(catalog, input1, input2.Split(' '), expected.Split(' ')[0]);
            case "hasfeature":
            {
                var feature = parameters["feature=".Length..];
                string got;
                try
                {
                    var data = X86ModelData.All(catalog, CputestSupport.LoadCpu(input1)).Data;
                    got = X86Update.HasFeature(catalog, data, feature) ? "YES" : "NO";
                }
                catch (DomainCpuException)
                {
                    got = "FAIL";
                }
                return got == expected ? null : $"got {got}, expected {expected}";
            }
        }
        return $"unknown kind {kind}";
    }

    /// <summary>libvirt's update-live case: the guest CPU decoded from CPUID, updated with what QEMU enabled and
    /// disabled, must have the features of QEMU's own view (-json.xml) once both are expanded; extra disabled
    /// features are tolerated.</summary>
    private static string? UpdateLive(CpuCatalog catalog, string guestFile, string[] dataFiles, string expectedFile)
    {
        var cpu = CputestSupport.LoadCpu(guestFile);
        var expected = CputestSupport.LoadCpu(expectedFile);
        if (cpu.ModelName != expected.ModelName)
        {
            cpu = cpu with { Model = cpu.Model! with { Fallback = CpuFallback.Allow } };
            cpu = X86Translate.Translate(catalog, cpu, new[] { new AllowedModel(expected.ModelName!) });
        }
        cpu = X86UpdateLive.Update(catalog, cpu, CputestSupport.LoadCpuData(dataFiles[0]), CputestSupport.LoadCpuData(dataFiles[1]));
        var actual = X86ExpandFeatures.Expand(catalog, cpu);
        var want = X86ExpandFeatures.Expand(catalog, expected);
        if (actual.ModelName != want.ModelName) return $"model {actual.ModelName}, expected {want.ModelName}";
        var problems = new List<string>();
        var got = actual.Features.ToDictionary(f => f.Name, f => f.Policy);
        var exp = want.Features.ToDictionary(f => f.Name, f => f.Policy);
        foreach (var name in got.Keys.Union(exp.Keys).Order(StringComparer.Ordinal))
        {
            var a = got.GetValueOrDefault(name);
            var e = exp.GetValueOrDefault(name);
            if (a == FeaturePolicy.Require && e != FeaturePolicy.Require) problems.Add($"extra {name}");
            if (e == FeaturePolicy.Require && a != FeaturePolicy.Require) problems.Add($"missing {name}");
        }
        return problems.Count == 0 ? null : string.Join(", ", problems);
    }

    private static string? CheckRunsOnAll(CpuCatalog catalog, IReadOnlyList<CpuDefinition> cpus, CpuDefinition baseline)
    {
        for (var i = 0; i < cpus.Count; i++)
        {
            var r = Comparer.Compare(catalog, cpus[i], baseline);
            if (r.Result == CompareVerdict.Incompatible) return $"baseline incompatible with CPU {i}: {r.Reason}";
        }
        return null;
    }

    private static string? Diff(string got, string expectedFile)
    {
        var want = CputestSupport.Expected(expectedFile);
        return got == want ? null : $"output differs from {expectedFile}:\n{UnifiedDiff.Create(want, got, expectedFile, "actual")}";
    }
}

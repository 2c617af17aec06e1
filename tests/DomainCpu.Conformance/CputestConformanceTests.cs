using DomainCpu.Catalog;
using DomainCpu.Compat;
using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Diagnostics;
using DomainCpu.X86;

namespace DomainCpu.Conformance;

/// <summary>
/// libvirt 9.0's CPU driver cases (cputestdata/CASES.tsv) of kinds compare, update, guestcpu, baseline,
/// hasfeature and cpuid-baseline, run against the library with the corpus cpu_map. Every x86 case is counted
/// in a pass-rate table; the rate of each kind must stay at or above its floor.
/// </summary>
[TestFixture]
public class CputestConformanceTests
{
    /// <summary>Floors per kind (they only ever go up).</summary>
    private static readonly Dictionary<string, double> Floors = new()
    {
        ["compare"] = 1.0, ["update"] = 1.0, ["guestcpu"] = 1.0, ["baseline"] = 1.0, ["hasfeature"] = 1.0, ["cpuid-baseline"] = 1.0,
        ["cpuid-updatelive"] = 1.0,
    };

    /// <summary>Cases we know we miss, with the reason (none at the moment).</summary>
    private static readonly Dictionary<string, string> KnownMisses = new();

    [Test]
    public void AllKindsMeetTheirFloors()
    {
        var results = new Dictionary<string, (int Pass, int Total)>();
        var failures = new List<string>();
        foreach (var row in Corpus.Cases("cputestdata"))
        {
            var kind = row[0];
            if (!Floors.ContainsKey(kind) || row[1] != "x86_64") continue;
            var name = string.Join(" ", row[2], row[3], row[4]);
            string? problem;
            try
            {
                problem = Run(kind, row[2], row[3], row[4], row[5]);
            }
            catch (Exception ex)
            {
                problem = $"threw {ex.GetType().Name}: {ex.Message}";
            }
            var (p, t) = results.GetValueOrDefault(kind);
            results[kind] = (p + (problem is null ? 1 : 0), t + 1);
            if (problem is not null) failures.Add($"{kind} {name}: {problem}" + (KnownMisses.TryGetValue(name, out var why) ? $" (known: {why})" : ""));
        }
        TestContext.Out.WriteLine("kind            pass/total  rate   floor");
        foreach (var (kind, (p, t)) in results.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            TestContext.Out.WriteLine($"{kind,-15} {p,4}/{t,-5}  {(double)p / t,6:P0} {Floors[kind],6:P0}");
        }
        foreach (var f in failures) TestContext.Out.WriteLine("MISS " + f);
        Assert.Multiple(() =>
        {
            foreach (var (kind, floor) in Floors)
            {
                Assert.That(results.ContainsKey(kind), Is.True, $"no {kind} case found in the corpus");
                if (!results.TryGetValue(kind, out var r)) continue;
                Assert.That((double)r.Pass / r.Total, Is.GreaterThanOrEqualTo(floor), $"{kind}: {string.Join("\n", failures.Where(f => f.StartsWith(kind + " ", StringComparison.Ordinal)))}");
            }
        });
    }

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
                catch (Exception ex) when (ex is CpuOperationException or DomainCpuException)
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
                catch (CpuOperationException ex)
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
                catch (CpuOperationException ex)
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
                catch (CpuOperationException)
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
        cpu = X86UpdateLive.Update(Targets.LibvirtProfile.Libvirt90, catalog, cpu, CputestSupport.LoadCpuData(dataFiles[0]), CputestSupport.LoadCpuData(dataFiles[1]));
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
        return got == want ? null : $"output differs from {expectedFile}:\n--- expected\n{want}--- got\n{got}";
    }
}

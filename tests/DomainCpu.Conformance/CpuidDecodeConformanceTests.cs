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

    [Test]
    public void CpuidHostKind() =>
        CpuidPassRates.Run("cpuid-host", CpuidPassRates.Floors["cpuid-host"], row =>
        {
            var r = Cli("--libvirt", "9.0", "capabilities", "--cpu-map", CpuMap, "--cpuid", CpuidConformance.PathOf(row[2]));
            if (r.Code != 0) return $"exit {r.Code}: {r.Stderr}";
            return Diff(File.ReadAllText(CpuidConformance.PathOf(row[5])), r.Stdout);
        });

    [Test]
    public void CpuidJsonKind() =>
        CpuidPassRates.Run("cpuid-json", CpuidPassRates.Floors["cpuid-json"], row =>
        {
            var dump = CpuidConformance.PathOf(row[2][..^".json".Length] + ".xml");
            var r = Cli("--libvirt", "9.0", "capabilities", "--cpu-map", CpuMap, "--cpuid", dump, "--qemu-host", CpuidConformance.PathOf(row[2]));
            if (r.Code != 0) return $"exit {r.Code}: {r.Stderr}";
            var cpus = Regex.Matches(r.Stdout, "<cpu[ >].*?</cpu>\n", RegexOptions.Singleline);
            if (cpus.Count != 2) return $"expected the host <cpu> and the host-model <cpu>, got {cpus.Count}";
            return Diff(File.ReadAllText(CpuidConformance.PathOf(row[5])), cpus[^1].Value);
        });

    [Test]
    public void CpuidGuestKind() =>
        CpuidPassRates.Run("cpuid-guest", CpuidPassRates.Floors["cpuid-guest"], row =>
        {
            var data = CpuidConformance.LoadDump(row[2]);
            IReadOnlyList<AllowedModel>? models = null;
            if (row[4].StartsWith("json=JSON_MODELS", StringComparison.Ordinal))
            {
                models = HostModel.AllowedModels(CpuidConformance.LoadQemuHost(row[2][..^".xml".Length] + ".json"))
                    ?? throw new InvalidOperationException("the case needs QEMU's model list but the .json has none");
            }
            var cpu = HostDecoder.DecodeGuest(Catalog, data, models);
            return Diff(File.ReadAllText(CpuidConformance.PathOf(row[5])), CpuXmlWriter.Write(cpu) + "\n");
        });

    /// <summary>cpuid-updatelive end to end: the dump decoded as a guest CPU (over QEMU's models when the case has
    /// them), translated to QEMU's model when they differ (with QEMU's blockers), updated with the CPUID data a
    /// running QEMU enabled and disabled, then compared feature by feature with the expanded -json.xml as
    /// libvirt's test does (extra disabled features tolerated).</summary>
    [Test]
    public void CpuidUpdateLiveKind() =>
        CpuidPassRates.Run("cpuid-updatelive", CpuidPassRates.Floors["cpuid-updatelive"], row =>
        {
            var host = row[2][..^"-guest.xml".Length];
            var report = CpuidConformance.LoadQemuHost(host + ".json");
            var models = row[4].StartsWith("json=JSON_MODELS", StringComparison.Ordinal) ? HostModel.AllowedModels(report) : null;
            var cpu = HostDecoder.DecodeGuest(Catalog, CpuidConformance.LoadDump(host + ".xml"), models);
            var expectedPath = CpuidConformance.PathOf(row[5].Split(' ')[0]);
            var expected = DomainDocument.LoadFile(expectedPath).ReadCpu()!;
            if (cpu.ModelName != expected.ModelName)
            {
                var hv = HostModel.AllowedModels(report)?.FirstOrDefault(m => m.Name == expected.ModelName) ?? new AllowedModel(expected.ModelName!);
                cpu = cpu with { Model = cpu.Model! with { Fallback = Model.CpuFallback.Allow } };
                cpu = X86Translate.Translate(Catalog, cpu, new[] { hv });
                cpu = cpu with { Model = cpu.Model! with { Fallback = Model.CpuFallback.Forbid } };
            }
            var files = row[3].Split(' ');
            cpu = X86UpdateLive.Update(Catalog, cpu,
                X86Data.FromCpuid(CpuidConformance.LoadDump(files[0])), X86Data.FromCpuid(CpuidConformance.LoadDump(files[1])));
            return CompareExpanded(X86ExpandFeatures.Expand(Catalog, cpu), X86ExpandFeatures.Expand(Catalog, expected));
        });

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
        expected == actual ? null : $"\n--- expected\n{expected}--- actual\n{actual}";

    private static (int Code, string Stdout, string Stderr) Cli(params string[] args)
    {
        using var input = new MemoryStream();
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var code = DomainCpu.Cli.Program.Run(args, new CliContext(input, output, error));
        return (code, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }
}

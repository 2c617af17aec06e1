using System.Text.Json;
using System.Text.RegularExpressions;
using DomainCpu.Catalog;
using DomainCpu.Diagnostics;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.X86;
using DomainCpu.Xml;
using NUnit.Framework;
using C = DomainCpu.Conformance.Libvirt113Cputest;

namespace DomainCpu.Conformance;

/// <summary>
/// libvirt 11.3's CPU driver cases (corpus <c>libvirt-11.3/cputestdata/CASES.tsv</c>), every x86 case of every kind,
/// run as DESIGN.md's corpus table says with <c>--libvirt 11.3 --cpu-map MAP</c> (the commands), or through the same
/// library entry points as the libvirt 9.0 tests where no command answers a kind (hasfeature, cpuid-guest, the
/// signatures). Each kind prints its pass rate and fails below its floor (<see cref="Libvirt113Floors"/>).
/// </summary>
[TestFixture]
public class Libvirt113CputestTests
{
    [Test]
    public void Compare() => Run("compare", row => (Name(row), CompareMiss(row[2], row[3], row[5])));

    [Test]
    public void Update() => Run("update", row => (Name(row), UpdateMiss(row[2], row[3], null, row[5])));

    [Test]
    public void GuestCpu() => Run("guestcpu", row =>
        (Name(row) + " " + row[4], UpdateMiss(row[2], row[3], row[4] == "models=(none)" ? null : row[4]["models=".Length..], row[5])));

    [Test]
    public void Baseline() => Run("baseline", row => (row[2] + " " + row[4], BaselineMiss(row[2], row[4]["variant=".Length..], row[5])));

    [Test]
    public void CpuidBaseline() => Run("cpuid-baseline", row => (Name(row), CpuidBaselineMiss(row[2], row[3], row[5])));

    [Test]
    public void HasFeature() => Run("hasfeature", row =>
    {
        var feature = row[4]["feature=".Length..];
        string got;
        try
        {
            var data = X86ModelData.All(C.Catalog, C.LoadCpu(row[2])).Data;
            got = X86Update.HasFeature(C.Catalog, data, feature) ? "YES" : "NO";
        }
        catch (CpuOperationException)
        {
            got = "FAIL";
        }
        return ($"{row[2]} {feature}", got == row[5] ? null : $"got {got}, expected {row[5]}");
    });

    [Test]
    public void CpuidHost() => Run("cpuid-host", row =>
    {
        var r = C.Cli("capabilities", "--cpuid", C.PathOf(row[2]));
        return (row[2], r.Code != 0 ? $"exit {r.Code}: {r.Stderr}" : C.Diff(File.ReadAllText(C.PathOf(row[5])), r.Stdout));
    });

    [Test]
    public void CpuidJson() => Run("cpuid-json", row =>
    {
        var dump = C.PathOf(row[2][..^".json".Length] + ".xml");
        var r = C.Cli("capabilities", "--cpuid", dump, "--qemu-host", C.PathOf(row[2]));
        if (r.Code != 0) return (row[2], $"exit {r.Code}: {r.Stderr}");
        var cpus = Regex.Matches(r.Stdout, "<cpu[ >].*?</cpu>\n", RegexOptions.Singleline);
        if (cpus.Count != 2) return (row[2], $"expected the host <cpu> and the host-model <cpu>, got {cpus.Count}");
        return (row[2], C.Diff(File.ReadAllText(C.PathOf(row[5])), cpus[^1].Value));
    });

    [Test]
    public void CpuidGuest() => Run("cpuid-guest", row =>
    {
        IReadOnlyList<AllowedModel>? models = null;
        if (row[4].StartsWith("json=JSON_MODELS", StringComparison.Ordinal))
        {
            models = HostModel.AllowedModels(C.LoadQemuHost(row[2][..^".xml".Length] + ".json"))
                ?? throw new InvalidOperationException("the case needs QEMU's model list but the .json has none");
        }
        var cpu = HostDecoder.DecodeGuest(C.Catalog, C.LoadDump(row[2]), models);
        return (row[2], C.Diff(File.ReadAllText(C.PathOf(row[5])), CpuXmlWriter.Write(cpu) + "\n"));
    });

    [Test]
    public void CpuidSignatureKind() => Run("cpuid-signature", row =>
        (row[2], SignatureMiss(Host.CpuidSignature.Raw(C.LoadDump(row[2])), row[5])));

    [Test]
    public void CpuidJsonSignatureKind() => Run("cpuid-json-signature", row =>
    {
        var report = C.LoadQemuHost(row[2]);
        if (report.HostCpu is null) return (row[2], "the .json has no host CPU expansion");
        return (row[2], SignatureMiss(Host.CpuidSignature.Raw(QemuHostData.VendorAndSignature(report.HostCpu)), row[5]));
    });

    [Test]
    public void CpuidUpdateLive() => Run("cpuid-updatelive", row => (row[2], UpdateLiveMiss(row[2], row[3].Split(' ')[0], row[5].Split(' ')[0])));

    private static string Name(string[] row) => $"{row[2]}+{row[3]}";

    private static void Run(string kind, Func<string[], (string Name, string? Miss)> check)
    {
        var rows = C.Rows(kind);
        Assert.That(rows, Is.Not.Empty, $"no {kind} cases in libvirt 11.3's cputestdata");
        var table = new LifecyclePassRateTable();
        foreach (var row in rows)
        {
            string name = $"{row[2]} {row[3]} {row[4]}";
            string? miss;
            try
            {
                (name, miss) = check(row);
            }
            catch (Exception ex)
            {
                miss = $"{ex.GetType().Name}: {ex.Message}";
            }
            table.Count(kind, name, miss);
        }
        table.Print(Libvirt113Floors.Explanations);
        table.AssertFloors(new Dictionary<string, double> { [kind] = Libvirt113Floors.Floors[kind] }, Libvirt113Floors.Explanations);
    }

    /// <summary><c>compare --json --caps HOST CPU</c>: the verdict; a CPU libvirt refuses (ERROR) exits 1 with no JSON.</summary>
    private static string? CompareMiss(string host, string cpu, string expected)
    {
        var r = C.Cli("compare", "--json", "--caps", C.PathOf(host), C.PathOf(cpu));
        if (expected == "ERROR")
        {
            return r.Code == 1 && r.Stdout.Length == 0 ? null : $"expected a refusal, got exit {r.Code}: {r.Stdout}{r.Stderr}";
        }
        if (r.Stdout.Length == 0) return $"exit {r.Code}: {r.Stderr.Trim()}";
        var got = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("result").GetString()!.ToUpperInvariant();
        return got == expected ? null : $"got {got}, expected {expected}";
    }

    /// <summary><c>expand --live --caps HOST GUEST [--models M,…]</c> on a standalone &lt;cpu&gt;: libvirt's updated (and for
    /// guestcpu translated) CPU, or a refusal (exit 1).</summary>
    private static string? UpdateMiss(string host, string guest, string? models, string expected)
    {
        var args = new List<string> { "expand", "--live", "--caps", C.PathOf(host) };
        if (models is not null) args.AddRange(["--models", models]);
        args.Add(C.PathOf(guest));
        var r = C.Cli(args.ToArray());
        if (expected == "ERROR") return r.Code == 1 ? null : $"expected a refusal, got exit {r.Code}";
        if (r.Code != 0) return $"exit {r.Code}: {r.Stderr.Trim()}";
        var want = WithDefaults(File.ReadAllBytes(C.PathOf(expected)), expected);
        var got = WithDefaults(System.Text.Encoding.UTF8.GetBytes(r.Stdout), "stdout");
        if (Equals(want, got)) return null;
        if (want is not null && got is not null && Equals(want, got with { Topology = want.Topology }))
        {
            return $"only the topology differs: expected {want.Topology}, actual {got.Topology}";
        }
        return $"\n  expected {Describe(want)}\n  actual   {Describe(got)}";
    }

    /// <summary><c>baseline [--features|--migratable] FILE</c>: libvirt's text byte for byte, and the baseline must run on
    /// every input CPU; an input libvirt refuses exits 1.</summary>
    private static string? BaselineMiss(string input, string variant, string expected)
    {
        var args = new List<string> { "baseline" };
        if (variant == "features") args.Add("--features");
        if (variant == "migratable") args.Add("--migratable");
        args.Add(C.PathOf(input));
        var r = C.Cli(args.ToArray());
        if (expected == "ERROR") return r.Code == 1 && r.Stdout.Length == 0 ? null : $"expected a refusal, got exit {r.Code}: {r.Stdout}";
        if (r.Code != 0) return $"exit {r.Code}: {r.Stderr.Trim()}";
        var cpus = DomainDocument.LoadFile(C.PathOf(input)).Root.Elements("cpu").Select(e => CpuXmlReader.Read(e, CpuType.Host, input)).ToList();
        return C.Diff(File.ReadAllText(C.PathOf(expected)), r.Stdout) ?? RunsOnAll(cpus, r.Stdout);
    }

    /// <summary>cpuid-baseline: the baseline of two host CPUs decoded from CPUID (their -json.xml host-model files).</summary>
    private static string? CpuidBaselineMiss(string first, string second, string expected)
    {
        var r = C.Cli("baseline", C.PathOf(first), C.PathOf(second));
        if (r.Code != 0) return $"exit {r.Code}: {r.Stderr.Trim()}";
        return C.Diff(File.ReadAllText(C.PathOf(expected)), r.Stdout) ?? RunsOnAll([C.LoadCpu(first), C.LoadCpu(second)], r.Stdout);
    }

    private static string? RunsOnAll(IReadOnlyList<CpuDefinition> cpus, string baselineXml)
    {
        var baseline = DomainDocument.Load(System.Text.Encoding.UTF8.GetBytes(baselineXml), "baseline").ReadCpu()!;
        for (var i = 0; i < cpus.Count; i++)
        {
            var verdict = Comparer.Compare(C.Catalog, cpus[i], baseline);
            if (verdict.Result == CompareVerdict.Incompatible) return $"baseline incompatible with CPU {i}: {verdict.Reason}";
        }
        return null;
    }

    /// <summary>cpuid-updatelive as libvirt's test runs it: the guest CPU decoded from CPUID (translated to QEMU's model
    /// when they differ), updated with what QEMU enabled and disabled (<c>expand --live --qemu-cpu</c>), compared
    /// feature-wise with QEMU's host model (-json.xml) once both are expanded; extra disabled features are fine.</summary>
    private static string? UpdateLiveMiss(string guest, string enabled, string json)
    {
        var expected = C.LoadCpu(json);
        var args = new List<string> { "expand", "--live", "--qemu-cpu", C.PathOf(enabled) };
        var guestDoc = DomainDocument.LoadFile(C.PathOf(guest));
        var input = Array.Empty<byte>();
        if (guestDoc.ReadCpu() is { ModelName: { } model } cpu && model != expected.ModelName)
        {
            args.AddRange(["--models", expected.ModelName!]);
            input = guestDoc.WithCpu(cpu with { Model = cpu.Model! with { Fallback = CpuFallback.Allow } }).ToBytes();
            args.Add("-");
        }
        else args.Add(C.PathOf(guest));
        var r = LifecycleCli.Run(input, [args[0], .. C.Target, .. args[1..]]);
        if (r.ExitCode != 0) return $"exit {r.ExitCode}: {r.Stderr.Trim()}";
        var want = X86ExpandFeatures.Expand(C.Catalog, expected);
        var got = X86ExpandFeatures.Expand(C.Catalog, WithDefaults(r.Stdout, "stdout")!);
        if (want.ModelName != got.ModelName) return $"model {got.ModelName}, libvirt {want.ModelName}";
        var have = got.Features.Where(f => f.Policy == FeaturePolicy.Require).Select(f => f.Name).ToHashSet();
        var need = want.Features.Where(f => f.Policy == FeaturePolicy.Require).Select(f => f.Name).ToHashSet();
        var extra = have.Except(need).Order(StringComparer.Ordinal).ToList();
        var missing = need.Except(have).Order(StringComparer.Ordinal).ToList();
        return extra.Count + missing.Count == 0 ? null : $"extra {string.Join(",", extra)}; missing {string.Join(",", missing)}";
    }

    private static string? SignatureMiss(uint signature, string expectedFile)
    {
        var actual = CpuidSignatureConformanceTests.Format(signature);
        return C.Diff(File.ReadAllText(C.PathOf(expectedFile)), actual);
    }

    /// <summary>The CPU with libvirt's defaults filled in (match exact, fallback allow), as libvirt compares them.</summary>
    private static CpuDefinition? WithDefaults(byte[] bytes, string file) =>
        DomainDocument.Load(bytes, file).ReadCpu() is { } cpu
            ? cpu with
            {
                Match = cpu.Match ?? CpuMatch.Exact,
                Model = cpu.Model is null ? null : cpu.Model with { Fallback = cpu.Model.Fallback ?? CpuFallback.Allow },
            }
            : null;

    private static string Describe(CpuDefinition? cpu) =>
        cpu is null ? "(none)" : $"{cpu.Mode} {cpu.ModelName} vendor={cpu.Vendor} " + string.Join(" ", cpu.Features.Select(f => $"{f.Policy}:{f.Name}"));
}

using System.Text.Json;
using System.Text.RegularExpressions;
using DomainCpu.Catalog;
using DomainCpu.Conformance.Support;
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
/// signatures). Each kind prints its pass rate and fails below its floor.
/// </summary>
[TestFixture]
public class Libvirt113CputestTests
{
    private static readonly RowCheck<CputestRow> Check = new("libvirt-11.3 cputestdata, commands with --libvirt 11.3 --cpu-map MAP",
        "libvirt-11.3", CputestRow.Read, row => row.Arch == "x86_64", row => row.Test,
        (row, results) => results.Count(row.Test, Judge(row)),
        new KindFloor("compare", 100), new KindFloor("update", 100), new KindFloor("guestcpu", 100),
        new KindFloor("baseline", 100), new KindFloor("cpuid-baseline", 100), new KindFloor("hasfeature", 100),
        new KindFloor("cpuid-host", 100), new KindFloor("cpuid-json", 100), new KindFloor("cpuid-guest", 100),
        new KindFloor("cpuid-signature", 100), new KindFloor("cpuid-json-signature", 100), new KindFloor("cpuid-updatelive", 100));

    public static IEnumerable<TestCaseData> Rows() => Check.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<CputestRow> c) => Check.AssertCase(c);

    [Test]
    public void PassRates() => Check.AssertPassRates();

    /// <summary>Null when DomainCpu answers as libvirt 11.3's cputest expects, else the difference.</summary>
    private static string? Judge(CputestRow row) => row.Test switch
    {
        "compare" => CompareMiss(row.Input1, row.Input2, row.Expected),
        "update" => UpdateMiss(row.Input1, row.Input2, null, row.Expected),
        "guestcpu" => UpdateMiss(row.Input1, row.Input2, row.Parameter("models") is { } m and not "(none)" ? m : null, row.Expected),
        "baseline" => BaselineMiss(row.Input1, row.Parameter("variant")!, row.Expected),
        "cpuid-baseline" => CpuidBaselineMiss(row.Input1, row.Input2, row.Expected),
        "hasfeature" => HasFeatureMiss(row.Input1, row.Parameter("feature")!, row.Expected),
        "cpuid-host" => CpuidHostMiss(row.Input1, row.Expected),
        "cpuid-json" => CpuidJsonMiss(row.Input1, row.Expected),
        "cpuid-guest" => CpuidGuestMiss(row.Input1, row.Parameters, row.Expected),
        "cpuid-signature" => SignatureMiss(Host.CpuidSignature.Raw(C.LoadDump(row.Input1)), row.Expected),
        "cpuid-json-signature" => C.LoadQemuHost(row.Input1).HostCpu is { } hostCpu
            ? SignatureMiss(Host.CpuidSignature.Raw(QemuHostData.VendorAndSignature(hostCpu)), row.Expected)
            : "the .json has no host CPU expansion",
        "cpuid-updatelive" => UpdateLiveMiss(row.Input1, row.Input2Files[0], row.Expected.Split(' ')[0]),
        _ => $"no check for {row.Test}",
    };

    private static string? HasFeatureMiss(string cpuFile, string feature, string expected)
    {
        string got;
        try
        {
            var data = X86ModelData.All(C.Catalog, C.LoadCpu(cpuFile)).Data;
            got = X86Update.HasFeature(C.Catalog, data, feature) ? "YES" : "NO";
        }
        catch (DomainCpuException)
        {
            got = "FAIL";
        }
        return got == expected ? null : $"got {got}, expected {expected}";
    }

    private static string? CpuidHostMiss(string dump, string expected)
    {
        var r = C.Cli("capabilities", "--cpuid", C.PathOf(dump));
        return r.Code != 0 ? $"exit {r.Code}: {r.Stderr}" : C.Diff(File.ReadAllText(C.PathOf(expected)), r.Stdout);
    }

    private static string? CpuidJsonMiss(string json, string expected)
    {
        var dump = C.PathOf(json[..^".json".Length] + ".xml");
        var r = C.Cli("capabilities", "--cpuid", dump, "--qemu-host", C.PathOf(json));
        if (r.Code != 0) return $"exit {r.Code}: {r.Stderr}";
        var cpus = Regex.Matches(r.Stdout, "<cpu[ >].*?</cpu>\n", RegexOptions.Singleline);
        if (cpus.Count != 2) return $"expected the host <cpu> and the host-model <cpu>, got {cpus.Count}";
        return C.Diff(File.ReadAllText(C.PathOf(expected)), cpus[^1].Value);
    }

    private static string? CpuidGuestMiss(string dump, string parameters, string expected)
    {
        IReadOnlyList<AllowedModel>? models = null;
        if (parameters.StartsWith("json=JSON_MODELS", StringComparison.Ordinal))
        {
            models = QemuHostModel.AllowedModels(C.LoadQemuHost(dump[..^".xml".Length] + ".json").Models)
                ?? throw new InvalidOperationException("the case needs QEMU's model list but the .json has none");
        }
        var cpu = HostDecoder.DecodeGuest(C.Catalog, C.LoadDump(dump), models);
        return C.Diff(File.ReadAllText(C.PathOf(expected)), CpuXmlWriter.Write(cpu) + "\n");
    }

    /// <summary><c>compare --json --caps HOST CPU</c>: the verdict; a CPU libvirt refuses (ERROR) exits 1 with only the
    /// JSON error object on stdout.</summary>
    private static string? CompareMiss(string host, string cpu, string expected)
    {
        var r = C.Cli("compare", "--json", "--caps", C.PathOf(host), C.PathOf(cpu));
        if (expected == "ERROR")
        {
            return r.Code == 1 && JsonDocument.Parse(r.Stdout).RootElement.TryGetProperty("error", out _) ? null
                : $"expected a refusal, got exit {r.Code}: {r.Stdout}{r.Stderr}";
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
        var want = CputestUpdateJudge.WithDefaults(File.ReadAllBytes(C.PathOf(expected)), expected);
        var got = CputestUpdateJudge.WithDefaults(System.Text.Encoding.UTF8.GetBytes(r.Stdout), "stdout");
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
        return CputestUpdateJudge.RequiredFeatureMiss(C.Catalog, expected, CputestUpdateJudge.WithDefaults(r.Stdout, "stdout")!);
    }

    private static string? SignatureMiss(uint signature, string expectedFile)
    {
        var actual = CpuidSignatureConformanceTests.Format(signature);
        return C.Diff(File.ReadAllText(C.PathOf(expectedFile)), actual);
    }

    private static string Describe(CpuDefinition? cpu) =>
        cpu is null ? "(none)" : $"{cpu.Mode} {cpu.ModelName} vendor={cpu.Vendor} " + string.Join(" ", cpu.Features.Select(f => $"{f.Policy}:{f.Name}"));
}

using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using DomainCpu.Conformance.Support;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Start;
using DomainCpu.Targets;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// libvirt 11.3's qemuxmlconftest runs for x86_64 (corpus <c>libvirt-11.3/xmlconf/CASES.tsv</c>), each with the
/// recorded QEMU probe it names, answering as libvirt 11.3 with its own cpu_map. Four kinds: the definition's
/// <c>&lt;cpu&gt;</c> (<c>format --define --libvirt 11.3 --cpu-map MAP --qemu-caps F IN</c> against the run's
/// <c>.xml</c>, the rest of the document kept byte for byte), the <c>-cpu</c>/<c>-smp</c> of a start
/// (<c>.args</c>), a start libvirt refuses (<c>.err</c> of a <c>failure</c> run: we refuse it too) and a definition
/// libvirt refuses (<c>parse-error</c>: <c>format --define</c> exits 1). The host is libvirt's test host: NUMA nodes 0-7,
/// and for <c>hostcpu=haswell</c> the fake Haswell host of libvirt's tests (else the probe's own host CPU).
/// </summary>
[TestFixture]
public class XmlConfConformanceTests
{
    private const string Define = "define <cpu>";
    private const string Argv = "-cpu -smp";
    private const string StartRefused = "start refused";
    private const string DefineRefused = "define refused";

    private static readonly RowCheck<XmlConfRow> Check = new("libvirt-11.3 xmlconf, x86_64 (--libvirt 11.3 --cpu-map MAP --qemu-caps F)",
        "libvirt-11.3", XmlConfRow.Read, row => row.Spec.Arch == "x86_64", KindOf, Judge,
        new KindFloor(Define, 100), new KindFloor(Argv, 100), new KindFloor(StartRefused, 100), new KindFloor(DefineRefused, 100));

    public static IEnumerable<TestCaseData> Rows() => Check.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<XmlConfRow> c) => Check.AssertCase(c);

    [Test]
    public void PassRates() => Check.AssertPassRates();

    private static string KindOf(XmlConfRow row) => row.Expect switch
    {
        "parse-error" => DefineRefused,
        "failure" => StartRefused,
        _ => Argv,
    };

    private static void Judge(XmlConfRow row, CaseResults results)
    {
        if (row.Expect == "parse-error")
        {
            var refused = FormatDefine(row);
            var why = File.ReadAllText(row.ExpectedArgvOrErrPath!).Trim();
            results.Count(DefineRefused, refused.ExitCode == 1 ? null : $"exit {refused.ExitCode}, libvirt refuses the definition: {why}");
            return;
        }
        results.Count(Define, DefineMiss(row));
        results.Count(KindOf(row), ArgvMiss(row));
    }

    private static LifecycleCli.Result FormatDefine(XmlConfRow row) =>
        LifecycleCli.Run([], "format", "--define", "--libvirt", "11.3", "--cpu-map", Map, "--qemu-caps", row.CapsPath, row.InputPath);

    /// <summary>Null when our definition's <c>&lt;cpu&gt;</c> is libvirt's and the rest is the input's, else why not.</summary>
    private static string? DefineMiss(XmlConfRow row)
    {
        var r = FormatDefine(row);
        if (r.ExitCode != 0) return $"format --define exit {r.ExitCode}: {r.Stderr.Trim()}";
        var ours = Encoding.UTF8.GetString(r.Stdout);
        var ourCpu = CpuLines.Of(ours)?.Text;
        var libvirtCpu = CpuLines.Of(File.ReadAllText(row.ExpectedXmlPath!))?.Text;
        var misses = new List<string>();
        if (ourCpu != libvirtCpu) misses.Add($"<cpu> differs: ours {CpuLines.Show(ourCpu)} vs libvirt {CpuLines.Show(libvirtCpu)}");
        if (CpuLines.Outside(ours) != CpuLines.Outside(File.ReadAllText(row.InputPath))) misses.Add("bytes outside <cpu> changed");
        return misses.Count == 0 ? null : string.Join("; ", misses);
    }

    /// <summary>Null when our <c>-cpu</c>/<c>-smp</c> are the <c>.args</c> file's, or we refuse a start libvirt refuses.</summary>
    private static string? ArgvMiss(XmlConfRow row)
    {
        var (cpu, smp, error) = ArgvOracleSupport.Run(File.ReadAllText(row.InputPath), row.Input, Context(row));
        if (row.Expect == "failure")
        {
            var path = row.ExpectedArgvOrErrPath;
            var why = path is not null && File.Exists(path) ? File.ReadAllText(path).Trim() : "(no message)";
            return error is not null ? null : $"libvirt refuses ({why}), we give -cpu {cpu} -smp {smp}";
        }
        var words = ArgvOracleSupport.ShellWords(File.ReadAllText(row.ExpectedArgvOrErrPath!));
        var wantCpu = ArgvOracleSupport.OptionValue(words, "-cpu");
        var wantSmp = ArgvOracleSupport.OptionValue(words, "-smp");
        if (error is not null) return $"we refuse: {error}";
        return cpu == wantCpu && smp == wantSmp ? null : $"-cpu {cpu} -smp {smp}, libvirt -cpu {wantCpu} -smp {wantSmp}";
    }

    private static string Map => Path.Combine(Corpus.Release("libvirt-11.3"), "cpu_map");

    private static readonly ConcurrentDictionary<string, QemuCapabilities> Probes = new();

    /// <summary>The start of a run: libvirt 11.3 with its cpu_map and the run's QEMU probe, on libvirt's test host.</summary>
    private static StartContext Context(XmlConfRow row)
    {
        var caps = Probes.GetOrAdd(row.CapsPath, QemuCapabilitiesReader.ReadFile);
        var target = TargetResolver.Resolve(new TargetRequest { Libvirt = new(11, 3), CpuMapDirectory = Map, QemuCapabilities = caps });
        var context = new StartContext
        {
            Target = target,
            QemuCapabilities = caps,
            HostNumaNodes = ArgvOracleSupport.TestSuiteHostNumaNodes,
            Incoming = row.Spec.Has("incoming-migration"),
        };
        if (row.HostCpu != "haswell") return context;
        // The run replaces the probe's host CPU by the fake one, for the full and the migratable host model alike, as
        // libvirt builds a host model from a probed CPU: without the features it never passes to QEMU.
        var host = DomainCpu.X86.FeaturesNeverPassedToQemu.Drop(LibvirtTestHosts.Haswell);
        return context with
        {
            QemuCapabilities = caps with { HostCpus = ImmutableArray<QemuHostCpu>.Empty },
            HostCpu = host,
            HostModel = LibvirtTestHosts.HostModelOf(host, target.Models),
        };
    }
}

/// <summary>The fake host CPUs of libvirt's test suite (tests/testutilshostcpus.h).</summary>
internal static class LibvirtTestHosts
{
    /// <summary>The Haswell host: Intel, Haswell with the features the corpus README lists.</summary>
    public static CpuDefinition Haswell { get; } = new()
    {
        Type = CpuType.Host,
        Arch = "x86_64",
        Model = new CpuModelName("Haswell"),
        Vendor = "Intel",
        Features = new[]
        {
            "vme", "ds", "acpi", "ss", "ht", "tm", "pbe", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "xtpr", "pdcm",
            "osxsave", "f16c", "rdrand", "cmt", "pdpe1gb", "abm", "invtsc", "lahf_lm",
        }.Select(f => new CpuFeature(f, null)).ToImmutableArray(),
    };

    /// <summary>The host-model CPU libvirt's tests derive from a fake host: the host as a guest CPU with its migratable
    /// features required.</summary>
    public static CpuDefinition HostModelOf(CpuDefinition host, DomainCpu.Catalog.CpuCatalog models) => host with
    {
        Type = CpuType.Guest, Mode = CpuMode.Custom, Match = CpuMatch.Exact, Arch = null,
        Features = host.Features.Where(f => models.IsMigratable(f.Name)).Select(f => f with { Policy = FeaturePolicy.Require }).ToImmutableArray(),
    };
}

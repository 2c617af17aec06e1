using System.Collections.Immutable;
using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using DomainCpu.Qemu;
using NUnit.Framework;
using DomainCpu.Start;
using DomainCpu.Host;

namespace DomainCpu.Conformance;

/// <summary>
/// libvirt's qemuxml2argv cases for x86_64: those recorded against a real QEMU probe (<c>real:x86_64-V</c>, run with
/// that <c>caps_V.x86_64.xml</c>) and, counted apart, those made with fake capabilities (<c>fake:…</c>, run with the
/// fake flags, model list and host CPU the corpus README describes). Our <c>-cpu</c> and <c>-smp</c> must equal the
/// <c>.args</c> file's; an <c>.err</c> case must be refused.
/// </summary>
[TestFixture]
public class Xml2ArgvConformanceTests
{
    private const string Real = "real QEMU probes";
    private const string Fake = "fake capabilities";

    private static readonly RowCheck<Xml2ArgvRow> Check = new("libvirt-9.0 xml2argv, x86_64: -cpu and -smp", "libvirt-9.0", Xml2ArgvRow.Read,
        row => row.Spec.Real ? row.Spec.Arch == "x86_64" : row.HostArch == "x86_64", row => row.Spec.Real ? Real : Fake,
        (row, results) => results.Count(row.Spec.Real ? Real : Fake, row.Spec.Real ? RealQemuCase(row) : FakeCapabilityCase(row)),
        new KindFloor(Real, 100), new KindFloor(Fake, 100));

    public static IEnumerable<TestCaseData> Rows() => Check.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<Xml2ArgvRow> c) => Check.AssertCase(c);

    [Test]
    public void PassRates() => Check.AssertPassRates();

    private static string? RealQemuCase(Xml2ArgvRow row)
    {
        var ver = row.Spec.Version!;
        if (ver == "latest") ver = "8.0.0";
        var caps = QemuCapabilitiesReader.ReadFile(Path.Combine(Corpus.Libvirt90, "caps", "qemucapabilitiesdata", $"caps_{ver}.x86_64.xml"));
        return Compare(row, new StartContext { QemuCapabilities = caps, Target = ArgvOracleSupport.Libvirt90, HostNumaNodes = ArgvOracleSupport.TestSuiteHostNumaNodes });
    }

    private static string? FakeCapabilityCase(Xml2ArgvRow row) => Compare(row, FakeEnvironment(row.Capabilities, row.HostCpu));

    /// <summary>Null when our -cpu and -smp are libvirt's (or we refuse what libvirt refuses), else the difference.</summary>
    private static string? Compare(Xml2ArgvRow row, StartContext env)
    {
        var expectedFile = row.ExpectedPath;
        var (cpu, smp, error) = ArgvOracleSupport.Run(File.ReadAllText(row.InputPath), row.Input, env);
        if (row.Expect != "ok" || expectedFile?.EndsWith(".err", StringComparison.Ordinal) != false)
        {
            var why = expectedFile is not null && File.Exists(expectedFile) ? File.ReadAllText(expectedFile).Trim() : "(no message)";
            return error is not null ? null : $"libvirt refuses ({why}), we give -cpu {cpu} -smp {smp}";
        }
        var words = ArgvOracleSupport.ShellWords(File.ReadAllText(expectedFile));
        var wantCpu = ArgvOracleSupport.OptionValue(words, "-cpu");
        var wantSmp = ArgvOracleSupport.OptionValue(words, "-smp");
        if (error is not null) return ArgvOracleSupport.Classify(error, wantCpu);
        var ok = cpu == wantCpu && smp == wantSmp;
        return ok ? null : $"-cpu {cpu} -smp {smp}, libvirt -cpu {wantCpu} -smp {wantSmp}";
    }

    /// <summary>The capabilities libvirt's tests fake: chosen flags, a fixed model list, a fake host CPU.</summary>
    internal static StartContext FakeEnvironment(string capabilities, string hostCpu)
    {
        var spec = capabilities["fake:".Length..].Split(' ');
        var flags = spec[0] == "none" ? Array.Empty<string>() : spec[0].Split(',').Select(f => f.Replace('_', '-')).ToArray();
        var legacy = !spec.Contains("skip-legacy-cpu-models");
        var names = new List<string> { "Opteron_G3", "Opteron_G2", "Opteron_G1", "Nehalem", "Penryn", "Conroe", "Haswell-noTSX", "Haswell" };
        if (legacy)
        {
            names.AddRange(["n270", "athlon", "pentium3", "pentium2", "pentium", "486", "coreduo", "kvm32", "qemu32", "kvm64", "core2duo", "phenom", "qemu64"]);
        }
        var models = new[] { "kvm", "tcg" }
            .SelectMany(a => names.Select(n => new QemuCpuModel(a, n, null, null, false, ImmutableArray<string>.Empty)))
            .ToImmutableArray();
        var caps = new QemuCapabilities(0, null, flags.ToImmutableHashSet(), ImmutableArray<QemuMachine>.Empty, models, ImmutableArray<QemuHostCpu>.Empty);
        var host = hostCpu.Contains("haswell", StringComparison.Ordinal) ? FakeHost("Haswell",
                ["vme", "ds", "acpi", "ss", "ht", "tm", "pbe", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "xtpr", "pdcm", "osxsave", "f16c", "rdrand", "cmt", "pdpe1gb", "abm", "invtsc", "lahf_lm"])
            : FakeHost("core2duo", ["ds", "acpi", "ss", "ht", "tm", "pbe", "ds_cpl", "vmx", "est", "tm2", "cx16", "xtpr", "lahf_lm"]);
        return new StartContext
        {
            QemuCapabilities = caps,
            Target = ArgvOracleSupport.Libvirt90,
            HostCpu = host,
            HostModel = host with
            {
                Type = CpuType.Guest, Mode = CpuMode.Custom, Match = CpuMatch.Exact, Arch = null,
                Features = host.Features.Where(f => ArgvOracleSupport.Catalog.IsMigratable(f.Name))
                    .Select(f => f with { Policy = FeaturePolicy.Require }).ToImmutableArray(),
            },
            Incoming = spec.Contains("incoming-migration"),
            HostNumaNodes = ArgvOracleSupport.TestSuiteHostNumaNodes,
        };
    }

    private static CpuDefinition FakeHost(string model, string[] features) => new()
    {
        Type = CpuType.Host,
        Arch = "x86_64",
        Model = new CpuModelName(model),
        Vendor = "Intel",
        Features = features.Select(f => new CpuFeature(f, null)).ToImmutableArray(),
    };
}

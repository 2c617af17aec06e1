using System.Collections.Immutable;
using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using DomainCpu.Qemu;
using NUnit.Framework;
using DomainCpu.Start;
using DomainCpu.Host;

namespace DomainCpu.Conformance;

/// <summary>
/// libvirt's qemuxml2argv cases for x86_64: (a) those recorded against a real QEMU probe (<c>real:x86_64-V</c>,
/// run with that <c>caps_V.x86_64.xml</c>) and, reported apart, those made with fake capabilities (<c>fake:…</c>,
/// run with the fake flags, model list and host CPU the corpus README describes). Our <c>-cpu</c> and <c>-smp</c>
/// must equal the <c>.args</c> file's; an <c>.err</c> case must be refused.
/// </summary>
[TestFixture]
public class Xml2ArgvConformanceTests
{
    /// <summary>The pass rate (a) never drops below this.</summary>
    public const double RealFloor = 1.0;

    /// <summary>The pass rate of the fake-capabilities cases never drops below this.</summary>
    public const double FakeFloor = 1.0;

    /// <summary>Misses we cannot fix now, each with its reason (case → reason).</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownMisses = new Dictionary<string, string>
    {
    };

    private static string Dir => Path.Combine(Corpus.Libvirt90, "xml2argv");

    [Test]
    public void RealQemuCases()
    {
        var rows = Corpus.Cases("xml2argv").Where(r => r[2].StartsWith("real:x86_64-", StringComparison.Ordinal)).ToList();
        Assert.That(rows, Is.Not.Empty);
        var outcomes = rows.Select(r =>
        {
            var ver = r[2]["real:x86_64-".Length..];
            if (ver == "latest") ver = "8.0.0";
            var caps = QemuCapabilitiesReader.ReadFile(Path.Combine(Corpus.Libvirt90, "caps", "qemucapabilitiesdata", $"caps_{ver}.x86_64.xml"));
            return Compare(r, new StartContext { QemuCapabilities = caps, Target = ArgvOracleSupport.Libvirt90, HostNumaNodes = ArgvOracleSupport.TestSuiteHostNumaNodes }, ver);
        }).ToList();
        Report("(a) real QEMU probes", outcomes, RealFloor);
    }

    [Test]
    public void FakeCapabilityCases()
    {
        var rows = Corpus.Cases("xml2argv").Where(r => r[2].StartsWith("fake:", StringComparison.Ordinal) && r[3] == "hostarch=x86_64").ToList();
        Assert.That(rows, Is.Not.Empty);
        var outcomes = rows.Select(r => Compare(r, FakeEnvironment(r[2], r[4]), "fake")).ToList();
        Report("fake capabilities", outcomes, FakeFloor);
    }

    private static Outcome Compare(string[] row, StartContext env, string group)
    {
        var name = row[0];
        var input = Path.Combine(Dir, row[1]);
        var expectedFile = Path.Combine(Dir, row[6]);
        var (cpu, smp, error) = ArgvOracleSupport.Run(File.ReadAllText(input), row[1], env);
        if (row[5] != "ok" || expectedFile.EndsWith(".err", StringComparison.Ordinal))
        {
            var why = File.Exists(expectedFile) ? File.ReadAllText(expectedFile).Trim() : "(no message)";
            return new Outcome(name, group, error is not null, error is null ? $"libvirt refuses ({why}), we give -cpu {cpu} -smp {smp}" : "");
        }
        var words = ArgvOracleSupport.ShellWords(File.ReadAllText(expectedFile));
        var wantCpu = ArgvOracleSupport.OptionValue(words, "-cpu");
        var wantSmp = ArgvOracleSupport.OptionValue(words, "-smp");
        if (error is not null) return new Outcome(name, group, false, ArgvOracleSupport.Classify(error, wantCpu));
        var ok = cpu == wantCpu && smp == wantSmp;
        return new Outcome(name, group, ok, ok ? "" : $"-cpu {cpu} -smp {smp}, libvirt -cpu {wantCpu} -smp {wantSmp}");
    }

    internal static void Report(string title, IReadOnlyList<Outcome> outcomes, double floor)
    {
        var o = TestContext.Out;
        o.WriteLine($"{title}: pass rate by group");
        o.WriteLine("| group | cases | pass | rate |");
        o.WriteLine("|---|---|---|---|");
        foreach (var g in outcomes.GroupBy(x => x.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            o.WriteLine($"| {g.Key} | {g.Count()} | {g.Count(x => x.Pass)} | {Rate(g.Count(x => x.Pass), g.Count()):P1} |");
        }
        var pass = outcomes.Count(x => x.Pass);
        var rate = Rate(pass, outcomes.Count);
        o.WriteLine($"| all | {outcomes.Count} | {pass} | {rate:P1} |");
        foreach (var m in outcomes.Where(x => !x.Pass))
        {
            var known = KnownMisses.TryGetValue(m.Name, out var reason) ? $" [known: {reason}]" : "";
            o.WriteLine($"MISS {m.Group} {m.Name}: {m.Detail}{known}");
        }
        Assert.That(rate, Is.GreaterThanOrEqualTo(floor), $"{title}: pass rate {rate:P1} is below the floor {floor:P1}");
    }

    private static double Rate(int pass, int all) => all == 0 ? 1 : (double)pass / all;

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

/// <summary>One compared case.</summary>
internal sealed record Outcome(string Name, string Group, bool Pass, string Detail);

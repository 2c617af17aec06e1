using System.Text.RegularExpressions;
using System.Xml.Linq;
using DomainCpu.Conformance.Support;
using DomainCpu.Diagnostics;
using DomainCpu.Schema;
using DomainCpu.Targets;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// <c>domaincpu validate --libvirt 9.0|11.3|12.8</c> against each release's own RELAX NG, run by that release's
/// xmllint (<see cref="LibvirtRelaxNg"/>): the CPU-related part of every corpus domain (with its
/// <c>&lt;numatune&gt;</c>), seeded mutations of those parts (the CPU, and the domain around it: CPU parts moved up,
/// children renamed, numatune shapes, children and attributes only later releases have), and the capabilities,
/// domain capabilities and standalone CPUs each release wrote. libvirt 9.0's corpus domains and CPU mutations are
/// checked by <see cref="ValidationConformanceTests"/>; here 9.0 gets the domain mutations. The <c>semantic</c>
/// verdict is checked against libvirt 11.3's xmlconf cases.
/// </summary>
[TestFixture]
public class ReleaseValidationConformanceTests
{
    private const int Mutations = 3000;

    private static LibvirtProfile Profile(string release) => LibvirtProfile.For(ReleaseVersion.TryParse(release)!.Value);

    /// <summary>The domains of a release's corpus: libvirt 9.0's xml2argv and xml2xml, libvirt 11.3's xmlconf (inputs and
    /// formatted definitions). libvirt 12.8's test data is not in the corpus, so 12.8 judges 11.3's.</summary>
    private static IReadOnlyList<string> CorpusDomains(string release)
    {
        var dirs = release == "9.0"
            ? new[] { Path.Combine(Corpus.Libvirt90, "xml2argv"), Path.Combine(Corpus.Libvirt90, "xml2xml") }
            : new[] { Path.Combine(Corpus.Release("libvirt-11.3"), "xmlconf") };
        return dirs.SelectMany(d => Directory.GetFiles(d, "*.xml")).Where(p => RootName(p) == "domain").Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The CPU-related part of a domain as a minimal domain libvirt's schema can judge: its type, vCPUs, OS
    /// type, CPU and NUMA tuning; everything else is left out, so a verdict is about these parts only.</summary>
    private static XElement CpuPart(XElement domain)
    {
        var type = domain.Element("os")?.Element("type");
        return new XElement("domain", new XAttribute("type", domain.Attribute("type")?.Value ?? "kvm"),
            new XElement("name", "guest"), new XElement("memory", "1048576"),
            domain.Element("vcpu") is { } v ? new XElement(v) : null,
            domain.Element("vcpus") is { } vs ? new XElement(vs) : null,
            new XElement("os", type is null ? new XElement("type", "hvm") : new XElement(type)),
            domain.Element("cpu") is { } cpu ? new XElement(cpu) : null,
            domain.Element("numatune") is { } nt ? new XElement(nt) : null);
    }

    private static bool OurSchemaVerdict(string path, LibvirtProfile libvirt) =>
        !Validator.HasErrors(Validator.Validate(File.ReadAllBytes(path), path, DocumentKind.Domain, libvirt: libvirt), DiagnosticCategory.Schema);

    [TestCase("11.3")]
    [TestCase("12.8")]
    public void CorpusDomainsAgreeWithTheReleasesRelaxNg(string release)
    {
        var libvirt = Profile(release);
        var dir = TempDir($"corpus-{release}");
        var parts = new List<(string Original, string Part)>();
        foreach (var path in CorpusDomains(release))
        {
            var part = Path.Combine(dir, Path.GetFileName(path));
            new XDocument(CpuPart(XDocument.Load(path).Root!)).Save(part);
            parts.Add((path, part));
        }
        var theirs = LibvirtRelaxNg.Verdicts(release, "domain.rng", parts.Select(p => p.Part).ToList());
        string vsLibvirt = $"CPU part vs libvirt {release} domain.rng", wholeFile = "whole file vs its CPU part";
        var table = new PassRateTable($"libvirt {release} corpus domains: validate --libvirt {release}", new KindFloor(vsLibvirt, 100), new KindFloor(wholeFile, 100));
        foreach (var (original, part) in parts)
        {
            var ours = OurSchemaVerdict(part, libvirt);
            table.Count(vsLibvirt, Path.GetFileName(part), ours == theirs[part], $"ours {Verdict(ours)}, libvirt {release} {Verdict(theirs[part])}");
            // Outside the parts DomainCpu checks its schema is open, so the whole file gets the verdict of its part.
            table.Count(wholeFile, Path.GetFileName(original), ours == OurSchemaVerdict(original, libvirt), "the whole file and its CPU part get different verdicts");
        }
        TestContext.Out.WriteLine($"libvirt {release} finds {theirs.Values.Count(v => !v)} of {parts.Count} invalid");
        table.PrintAndAssert();
    }

    [TestCase("9.0", 20261123)]
    [TestCase("11.3", 20261124)]
    [TestCase("12.8", 20261125)]
    public void MutatedDomainsAgreeWithTheReleasesRelaxNg(string release, int seed)
    {
        var libvirt = Profile(release);
        var sources = CorpusDomains(release).Select(p => XDocument.Load(p).Root!).Where(r => r.Element("cpu") is not null).ToList();
        Assert.That(sources, Is.Not.Empty);
        var rng = new Random(seed);
        var dir = TempDir($"mutations-{release}");
        var cases = new List<(string Path, string What)>();
        for (var i = 0; i < Mutations; i++)
        {
            var domain = CpuPart(sources[rng.Next(sources.Count)]);
            var what = string.Join("; ", Enumerable.Range(0, 1 + rng.Next(3)).Select(_ => DomainMutator.Mutate(domain, rng)));
            var path = Path.Combine(dir, $"m{i:D4}.xml");
            new XDocument(domain).Save(path);
            cases.Add((path, what));
        }
        var theirs = LibvirtRelaxNg.Verdicts(release, "domain.rng", cases.Select(c => c.Path).ToList());
        var kind = $"mutations vs libvirt {release} domain.rng";
        var table = new PassRateTable($"{Mutations} seeded domain and <cpu> mutations: validate --libvirt {release}", new KindFloor(kind, 100));
        foreach (var (path, what) in cases)
        {
            var ours = OurSchemaVerdict(path, libvirt);
            table.Count(kind, $"{Path.GetFileName(path)} ({what})", ours == theirs[path], $"ours {Verdict(ours)}, libvirt {release} {Verdict(theirs[path])}");
        }
        TestContext.Out.WriteLine($"libvirt {release} finds {theirs.Values.Count(v => v)} valid, {theirs.Values.Count(v => !v)} invalid");
        table.PrintAndAssert();
    }

    /// <summary>Host capabilities, domain capabilities and standalone CPUs a release wrote (its test data, and the live
    /// captures made with it), whole documents against its capability.rng, domaincaps.rng and cpu.rng.</summary>
    [TestCase("11.3", "capability.rng", DocumentKind.Capabilities)]
    [TestCase("11.3", "domaincaps.rng", DocumentKind.DomainCapabilities)]
    [TestCase("11.3", "cpu.rng", DocumentKind.Cpu)]
    [TestCase("12.8", "capability.rng", DocumentKind.Capabilities)]
    [TestCase("12.8", "domaincaps.rng", DocumentKind.DomainCapabilities)]
    public void OtherDocumentsAgreeWithTheReleasesRelaxNg(string release, string rng, DocumentKind kind)
    {
        var libvirt = Profile(release);
        var root = kind switch { DocumentKind.Capabilities => "capabilities", DocumentKind.DomainCapabilities => "domainCapabilities", _ => "cpu" };
        var folders = release == "11.3" ? new[] { "libvirt-11.3", "live-qemu-10.0" } : ["live-qemu-11.1"];
        var dir = TempDir($"documents-{release}-{root}");
        var files = new List<(string Original, string Copy)>();
        foreach (var folder in folders)
        {
            var top = Corpus.Release(folder);
            foreach (var path in Directory.GetFiles(top, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(top, path);
                if (relative.StartsWith("schemas", StringComparison.Ordinal) || relative.StartsWith("cpu_map", StringComparison.Ordinal)) continue;
                if (RootName(path) != root) continue;
                var copy = Path.Combine(dir, folder + "-" + relative.Replace(Path.DirectorySeparatorChar, '-'));
                File.Copy(path, copy);
                files.Add((path, copy));
            }
        }
        var theirs = LibvirtRelaxNg.Verdicts(release, rng, files.Select(f => f.Copy).ToList());
        var what = $"{root} documents vs libvirt {release} {rng}";
        var table = new PassRateTable($"libvirt {release} {root} documents: validate --libvirt {release}", new KindFloor(what, 100));
        foreach (var (original, copy) in files)
        {
            var ours = !Validator.HasErrors(Validator.Validate(DomainDocument.LoadFile(original), kind, libvirt), DiagnosticCategory.Schema);
            table.Count(what, Path.GetFileName(copy), ours == theirs[copy], $"ours {Verdict(ours)}, libvirt {release} {Verdict(theirs[copy])}");
        }
        TestContext.Out.WriteLine($"libvirt {release} finds {theirs.Values.Count(v => !v)} of {files.Count} invalid");
        table.PrintAndAssert();
    }

    private static readonly Regex CpuReason = new(@"\bv?CPUs?\b|physical address|topology|cluster", RegexOptions.Compiled);

    /// <summary>xmlconf runs libvirt 11.3 refuses for a CPU reason that the document alone decides get a
    /// <c>semantic</c> (or schema) error from <c>validate --libvirt 11.3</c>; what needs the QEMU binary or the host is
    /// listed, not counted.</summary>
    [Test]
    public void CpuFailuresOfLibvirt113GetAnError()
    {
        var libvirt = LibvirtProfile.Libvirt113;
        const string kind = "refused for a CPU reason: an error";
        var table = new PassRateTable("libvirt-11.3 xmlconf failures: validate --libvirt 11.3", new KindFloor(kind, 100));
        foreach (var row in XmlConfRow.Read(Corpus.Release("libvirt-11.3")).RowsOrFail().Where(r => r.Expect is "failure" or "parse-error"))
        {
            if (row.ExpectedArgvOrErrPath is not { } errFile || !File.Exists(errFile)) continue;
            var message = File.ReadAllText(errFile);
            if (!CpuReason.IsMatch(message)) continue;
            if (Undecidable.FirstOrDefault(u => message.Contains(u.Key, StringComparison.Ordinal)) is { Key: not null } why)
            {
                TestContext.Out.WriteLine($"{row.Test}: not decidable from the document ({why.Value})");
                continue;
            }
            var findings = Validator.Validate(DomainDocument.LoadFile(row.InputPath), libvirt: libvirt);
            table.Count(kind, row.Name, Validator.HasErrors(findings), $"libvirt 11.3 says '{message.Trim()}', we find no error");
        }
        table.PrintAndAssert();
    }

    /// <summary>11.3 refusals the document alone cannot decide, by message.</summary>
    private static readonly IReadOnlyDictionary<string, string> Undecidable = new Dictionary<string, string>
    {
        ["is not supported by hypervisor"] = "needs the QEMU binary's model list",
        ["incompatible with host CPU"] = "needs the host CPU",
        ["toggling deprecated features"] = "needs the QEMU binary's deprecated-props probe (s390x QEMU 9.1 and later)",
        ["not supported by this QEMU"] = "needs the QEMU binary's capabilities",
        ["the hypervisor"] = "needs the QEMU binary",
    };

    [Test]
    public void NoValidDomainOfLibvirt113GetsASemanticError()
    {
        var valid = XmlConfRow.Read(Corpus.Release("libvirt-11.3")).RowsOrFail().Where(r => r.Expect == "ok")
            .SelectMany(r => new[] { r.InputPath, r.ExpectedXmlPath! })
            .Where(File.Exists)
            .Distinct()
            .ToList();
        var wrong = valid
            .SelectMany(p => Validator.Validate(DomainDocument.LoadFile(p), libvirt: LibvirtProfile.Libvirt113))
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToList();
        TestContext.Out.WriteLine($"valid libvirt 11.3 domains checked (inputs and formatted definitions): {valid.Count}");
        Assert.That(valid, Is.Not.Empty);
        Assert.That(wrong, Is.Empty);
    }

    private static string Verdict(bool valid) => valid ? "valid" : "invalid";

    private static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"domaincpu-{name}-{Environment.ProcessId}");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string? RootName(string path)
    {
        try
        {
            using var reader = System.Xml.XmlReader.Create(path, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit });
            return reader.MoveToContent() == System.Xml.XmlNodeType.Element ? reader.LocalName : null;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }
}

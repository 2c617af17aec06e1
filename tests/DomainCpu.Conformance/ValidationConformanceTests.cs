using System.Text.RegularExpressions;
using System.Xml.Linq;
using DomainCpu.Conformance.Support;
using DomainCpu.Schema;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Diagnostics;
using DomainCpu.Targets;

namespace DomainCpu.Conformance;

/// <summary>
/// Our validator against libvirt: the <c>schema</c> verdict against libvirt's own RELAX NG (on the CPU-related
/// part of every corpus domain, and on seeded mutations of corpus <c>&lt;cpu&gt;</c> elements), and the
/// <c>semantic</c> verdict against the xml2argv cases libvirt rejects for a CPU reason.
/// </summary>
[TestFixture]
public class ValidationConformanceTests
{
    /// <summary>Floors of the agreement rates (percent); they only ever go up.</summary>
    private const double CorpusAgreementFloor = 100.0;
    private const double MutationAgreementFloor = 100.0; // the acceptance bar is 99.5; this is what we reach
    private const double ErrCaseFloor = 100.0;
    private const double OwnSchemasAgreementFloor = 100.0;
    private const double OtherDocumentsFloor = 100.0;
    private const int Mutations = 3000;
    private const int Seed = 20261122;

    /// <summary>Known disagreements with libvirt's RELAX NG, by mutation description pattern, each explained.</summary>
    public static readonly IReadOnlyDictionary<string, string> ExplainedDisagreements = new Dictionary<string, string>
    {
        ["legacy feature form"] = "<feature mode='set|check' value='on|off'> is the deprecated form of the original design: we accept it " +
            "with warning DC0122, libvirt's schema does not know it.",
    };

    /// <summary>xml2argv failures whose reason the document alone cannot decide, by message pattern.</summary>
    public static readonly IReadOnlyDictionary<string, string> UndecidableErrors = new Dictionary<string, string>
    {
        ["is not supported by hypervisor"] = "needs the QEMU binary's model list (the capabilities the test was run with), not in the document",
        ["incompatible with host CPU"] = "needs the host CPU the test was run with, not in the document",
    };

    private static readonly Regex CpuReason = new(@"\bv?CPUs?\b|physical address", RegexOptions.Compiled);

    private static string LibvirtRng => Path.Combine(Corpus.Libvirt90, "schemas", "domain.rng");

    private static IEnumerable<string> CorpusDomains() =>
        new[] { "xml2argv", "xml2xml" }
            .SelectMany(d => Directory.GetFiles(Path.Combine(Corpus.Libvirt90, d), "*.xml"))
            .Order(StringComparer.Ordinal);

    /// <summary>The CPU-related part of a domain (with its NUMA tuning) as a minimal domain libvirt's schema can judge:
    /// everything else is left out, so a verdict is about the CPU parts only.</summary>
    private static XDocument CpuPart(XElement domain, XElement? cpu)
    {
        var type = domain.Element("os")?.Element("type");
        var os = new XElement("os", type is null ? new XElement("type", "hvm") : new XElement(type));
        var wrapper = new XElement("domain", new XAttribute("type", domain.Attribute("type")?.Value ?? "kvm"),
            new XElement("name", "guest"), new XElement("memory", "1048576"),
            domain.Element("vcpu") is { } v ? new XElement(v) : null,
            domain.Element("vcpus") is { } vs ? new XElement(vs) : null,
            os, cpu is null ? null : new XElement(cpu),
            domain.Element("numatune") is { } nt ? new XElement(nt) : null);
        return new XDocument(wrapper);
    }

    /// <summary>Our verdict the way <c>domaincpu validate --libvirt 9.0</c> reaches it (from the bytes, building only the
    /// parts validation looks at; <see cref="EveryCorpusDocumentGetsTheSameFindingsFromBytes"/> checks that this is
    /// what validating the whole loaded document finds). Our own schemas describe the newest release instead.</summary>
    private static bool OurSchemaVerdict(string path, LibvirtProfile? libvirt = null) =>
        !Validator.HasErrors(Validator.Validate(File.ReadAllBytes(path), path, DocumentKind.Domain, libvirt: libvirt ?? LibvirtProfile.Libvirt90), "schema");

    /// <summary>Our own two ways of validating agree (no oracle is involved), on every release folder's XML.</summary>
    [TestCase("libvirt-9.0")]
    [TestCase("live-qemu-7.2")]
    [TestCase("libvirt-11.3")]
    [TestCase("libvirt-12.8")]
    [TestCase("live-qemu-10.0")]
    [TestCase("live-qemu-11.1")]
    public void EveryCorpusDocumentGetsTheSameFindingsFromBytes(string release)
    {
        var files = Directory.GetFiles(Corpus.Release(release), "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var different = new List<string>();
        foreach (var path in files)
        {
            var bytes = File.ReadAllBytes(path);
            if (Outcome(() => Validator.Validate(bytes, path)) != Outcome(() => Validator.Validate(DomainDocument.Load(bytes, path))))
            {
                different.Add(path);
            }
        }
        TestContext.Out.WriteLine($"corpus XML files compared: {files.Count}");
        Assert.That(files, Is.Not.Empty);
        Assert.That(different, Is.Empty);
    }

    private static string Outcome(Func<IReadOnlyList<Diagnostic>> validate)
    {
        try
        {
            return string.Join("\n", validate());
        }
        catch (DomainCpuException ex)
        {
            return ex.Diagnostic.ToString();
        }
    }

    private static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"domaincpu-{name}-{Environment.ProcessId}");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Test]
    public void CorpusDomainsAgreeWithLibvirtRelaxNg()
    {
        var dir = TempDir("corpus");
        var files = new List<(string Original, string Part)>();
        foreach (var path in CorpusDomains())
        {
            var root = XDocument.Load(path).Root!;
            if (root.Name != "domain") continue;
            var part = Path.Combine(dir, Path.GetFileName(Path.GetDirectoryName(path)) + "-" + Path.GetFileName(path));
            CpuPart(root, root.Element("cpu")).Save(part);
            files.Add((path, part));
        }
        var libvirt = DomainCpu.Tests.ValidationXmllint.Verdicts("--relaxng", LibvirtRng, files.Select(f => f.Part).ToList());
        var misses = new List<string>();
        foreach (var (original, part) in files)
        {
            var ours = OurSchemaVerdict(part);
            if (ours != libvirt[part]) misses.Add($"{Path.GetFileName(part)}: ours {(ours ? "valid" : "invalid")}, libvirt {(libvirt[part] ? "valid" : "invalid")}");
            // Outside the CPU parts our schema is open, so the whole file must get the same verdict as its CPU part.
            if (ours != OurSchemaVerdict(original)) misses.Add($"{Path.GetFileName(original)}: the whole file and its CPU part get different verdicts");
        }
        Report("corpus domains (CPU part) vs libvirt RELAX NG", files.Count, misses, CorpusAgreementFloor);
    }

    /// <summary>Host capabilities, domain capabilities and standalone CPUs of libvirt 9.0 (its test data and the live
    /// captures made with it), whole documents against libvirt 9.0's capability.rng, domaincaps.rng and cpu.rng. Our
    /// schemas are open outside the CPU parts, so a document libvirt rejects for another reason would count as a miss;
    /// none does in these folders.</summary>
    [TestCase("capability.rng", DocumentKind.Capabilities)]
    [TestCase("domaincaps.rng", DocumentKind.DomainCapabilities)]
    [TestCase("cpu.rng", DocumentKind.Cpu)]
    public void OtherDocumentsAgreeWithLibvirtRelaxNg(string rng, DocumentKind kind)
    {
        var root = kind switch { DocumentKind.Capabilities => "capabilities", DocumentKind.DomainCapabilities => "domainCapabilities", _ => "cpu" };
        var files = new[] { Corpus.Libvirt90, Corpus.LiveQemu72 }
            .SelectMany(dir => Directory.GetFiles(dir, "*.xml", SearchOption.AllDirectories))
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "schemas" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(p => RootName(p) == root)
            .Order(StringComparer.Ordinal)
            .ToList();
        var libvirt = DomainCpu.Tests.ValidationXmllint.Verdicts("--relaxng", Path.Combine(Corpus.Libvirt90, "schemas", rng), files);
        var misses = new List<string>();
        foreach (var path in files)
        {
            var ours = !Validator.HasErrors(Validator.Validate(DomainDocument.LoadFile(path), kind, LibvirtProfile.Libvirt90), "schema");
            if (ours != libvirt[path]) misses.Add($"{Path.GetFileName(path)}: ours {(ours ? "valid" : "invalid")}, libvirt {(libvirt[path] ? "valid" : "invalid")}");
        }
        TestContext.Out.WriteLine($"libvirt finds {libvirt.Values.Count(v => !v)} of {files.Count} invalid");
        Report($"{root} documents vs libvirt {rng}", files.Count, misses, OtherDocumentsFloor);
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

    [Test]
    public void MutatedCpusAgreeWithLibvirtRelaxNg()
    {
        var sources = CorpusDomains()
            .Select(p => XDocument.Load(p).Root!)
            .Where(r => r.Name == "domain" && r.Element("cpu") is not null)
            .ToList();
        Assert.That(sources, Is.Not.Empty);
        var rng = new Random(Seed);
        var dir = TempDir("mutations");
        var cases = new List<(string Path, string What)>();
        for (var i = 0; i < Mutations; i++)
        {
            var domain = sources[rng.Next(sources.Count)];
            var cpu = new XElement(domain.Element("cpu")!);
            // One to three mutations, so that combinations (a renamed element that is then duplicated …) occur too.
            var what = string.Join("; ", Enumerable.Range(0, 1 + rng.Next(3)).Select(_ => CpuMutator.Mutate(cpu, rng)));
            var path = Path.Combine(dir, $"m{i:D4}.xml");
            CpuPart(domain, cpu).Save(path);
            cases.Add((path, what));
        }
        var libvirt = DomainCpu.Tests.ValidationXmllint.Verdicts("--relaxng", LibvirtRng, cases.Select(c => c.Path).ToList());
        var misses = new List<string>();
        var explained = 0;
        foreach (var (path, what) in cases)
        {
            var ours = OurSchemaVerdict(path);
            if (ours == libvirt[path]) continue;
            if (ExplainedDisagreements.Keys.Any(k => what.Contains(k, StringComparison.Ordinal))) explained++;
            misses.Add($"{Path.GetFileName(path)} ({what}): ours {(ours ? "valid" : "invalid")}, libvirt {(libvirt[path] ? "valid" : "invalid")}");
        }
        TestContext.Out.WriteLine($"explained disagreements: {explained}; libvirt finds {libvirt.Values.Count(v => v)} mutations valid, {libvirt.Values.Count(v => !v)} invalid");
        Report($"{Mutations} seeded <cpu> mutations vs libvirt RELAX NG", cases.Count, misses, MutationAgreementFloor);

        // The same mutations also check our own schemas against each other and against a second XSD processor.
        var paths = cases.Select(c => c.Path).ToList();
        var ourRng = DomainCpu.Tests.ValidationXmllint.Verdicts("--relaxng", Path.Combine(RepoRoot, "schemas", "domain.rng"), paths);
        var xmllintXsd = DomainCpu.Tests.ValidationXmllint.Verdicts("--schema", Path.Combine(RepoRoot, "schemas", "domain.xsd"), paths);
        var rngMisses = new List<string>();
        var xsdMisses = new List<string>();
        foreach (var (path, what) in cases)
        {
            var doc = DomainDocument.LoadFile(path);
            if (OurSchemaVerdict(path, LibvirtProfile.Newest) != ourRng[path]) rngMisses.Add($"{Path.GetFileName(path)} ({what})");
            if (!Validator.HasErrors(Validator.XsdFindings(doc, DocumentKind.Domain)) != xmllintXsd[path]) xsdMisses.Add($"{Path.GetFileName(path)} ({what})");
        }
        Report("mutations: our RELAX NG vs our XSD + count rules", cases.Count, rngMisses, OwnSchemasAgreementFloor);
        Report("mutations: xmllint --schema vs .NET on our XSD", cases.Count, xsdMisses, OwnSchemasAgreementFloor);
    }

    private static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DomainCpu.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (DomainCpu.sln)");
        }
    }

    [Test]
    public void CpuFailuresOfXml2ArgvGetASemanticError()
    {
        var total = 0;
        var misses = new List<string>();
        foreach (var row in Corpus.Cases("xml2argv").Where(r => r.Length > 6 && r[5] != "ok"))
        {
            var errFile = Path.Combine(Corpus.Libvirt90, "xml2argv", row[6]);
            if (!File.Exists(errFile)) continue;
            var message = File.ReadAllText(errFile);
            if (!CpuReason.IsMatch(message)) continue;
            var findings = Validator.Validate(DomainDocument.LoadFile(Path.Combine(Corpus.Libvirt90, "xml2argv", row[1])), libvirt: LibvirtProfile.Libvirt90);
            if (UndecidableErrors.FirstOrDefault(u => message.Contains(u.Key, StringComparison.Ordinal)) is { Key: not null } why)
            {
                TestContext.Out.WriteLine($"{row[0]}: not decidable from the document ({why.Value})");
                continue;
            }
            total++;
            if (!Validator.HasErrors(findings, "semantic")) misses.Add($"{row[0]}: libvirt says '{message.Trim()}', we find no semantic error");
        }
        Report("xml2argv failures for a CPU reason", total, misses, ErrCaseFloor);
    }

    [Test]
    public void NoValidCorpusDomainGetsASemanticError()
    {
        var valid = Corpus.Cases("xml2argv").Where(r => r.Length > 5 && r[5] == "ok")
            .Select(r => Path.Combine(Corpus.Libvirt90, "xml2argv", r[1]))
            .Concat(Directory.GetFiles(Path.Combine(Corpus.Libvirt90, "xml2xml"), "*.xml"))
            .Distinct()
            .ToList();
        var wrong = valid
            .SelectMany(p => Validator.Validate(DomainDocument.LoadFile(p), libvirt: LibvirtProfile.Libvirt90))
            .Where(d => d.Category == "semantic" && d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToList();
        TestContext.Out.WriteLine($"valid corpus domains checked: {valid.Count}");
        Assert.That(wrong, Is.Empty);
    }

    private static void Report(string what, int total, List<string> misses, double floor)
    {
        var rate = total == 0 ? 0 : 100.0 * (total - misses.Count) / total;
        TestContext.Out.WriteLine($"| {what} | {total - misses.Count}/{total} | {rate:F2}% | floor {floor}% |");
        foreach (var m in misses) TestContext.Out.WriteLine("  " + m);
        Assert.That(total, Is.GreaterThan(0), $"{what}: no cases");
        Assert.That(rate, Is.GreaterThanOrEqualTo(floor), $"{what}: agreement {rate:F2}% below the floor");
    }
}

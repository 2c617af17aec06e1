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
    private const int Mutations = 3000;
    private const int Seed = 20261122;

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
        !Validator.HasErrors(Validator.Validate(File.ReadAllBytes(path), path, DocumentKind.Domain, libvirt: libvirt ?? LibvirtProfile.Libvirt90), DiagnosticCategory.Schema);

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
        const string cpuPart = "CPU part vs libvirt RELAX NG", wholeFile = "whole file as its CPU part";
        var table = new PassRateTable("libvirt-9.0 corpus domains: our schema verdict", new(cpuPart, 100), new(wholeFile, 100));
        foreach (var (original, part) in files)
        {
            var ours = OurSchemaVerdict(part);
            table.Count(cpuPart, Path.GetFileName(part), ours == libvirt[part], $"ours {(ours ? "valid" : "invalid")}, libvirt {(libvirt[part] ? "valid" : "invalid")}");
            // Outside the CPU parts our schema is open, so the whole file must get the same verdict as its CPU part.
            table.Count(wholeFile, Path.GetFileName(original), ours == OurSchemaVerdict(original), "the whole file and its CPU part get different verdicts");
        }
        table.PrintAndAssert();
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
        var what = $"{root} documents vs libvirt {rng}";
        var table = new PassRateTable("libvirt-9.0 and live-qemu-7.2 documents: our schema verdict", new KindFloor(what, 100));
        foreach (var path in files)
        {
            var ours = !Validator.HasErrors(Validator.Validate(DomainDocument.LoadFile(path), kind, LibvirtProfile.Libvirt90), DiagnosticCategory.Schema);
            table.Count(what, Path.GetFileName(path), ours == libvirt[path], $"ours {(ours ? "valid" : "invalid")}, libvirt {(libvirt[path] ? "valid" : "invalid")}");
        }
        TestContext.Out.WriteLine($"libvirt finds {libvirt.Values.Count(v => !v)} of {files.Count} invalid");
        table.PrintAndAssert();
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
        TestContext.Out.WriteLine($"libvirt finds {libvirt.Values.Count(v => v)} mutations valid, {libvirt.Values.Count(v => !v)} invalid");
        // The same mutations also check our own schemas against each other and against a second XSD processor.
        var paths = cases.Select(c => c.Path).ToList();
        var ourRng = DomainCpu.Tests.ValidationXmllint.Verdicts("--relaxng", Path.Combine(Repository.Root, "schemas", "domain.rng"), paths);
        var xmllintXsd = DomainCpu.Tests.ValidationXmllint.Verdicts("--schema", Path.Combine(Repository.Root, "schemas", "domain.xsd"), paths);
        const string vsLibvirt = "ours vs libvirt RELAX NG", rngVsXsd = "our RELAX NG vs our XSD + count rules", xsdProcessors = "xmllint --schema vs .NET on our XSD";
        var table = new PassRateTable($"{Mutations} seeded <cpu> mutations of libvirt-9.0 corpus domains: schema verdicts",
            new(vsLibvirt, 100), new(rngVsXsd, 100), new(xsdProcessors, 100));
        foreach (var (path, what) in cases)
        {
            var ours = OurSchemaVerdict(path);
            var name = $"{Path.GetFileName(path)} ({what})";
            table.Count(vsLibvirt, name, ours == libvirt[path], $"ours {(ours ? "valid" : "invalid")}, libvirt {(libvirt[path] ? "valid" : "invalid")}");
            // Our own schemas describe the newest release: compared with our validation as that release.
            var oursNewest = OurSchemaVerdict(path, LibvirtProfile.Newest);
            table.Count(rngVsXsd, name, oursNewest == ourRng[path], $"our XSD {(oursNewest ? "valid" : "invalid")}, our RELAX NG {(ourRng[path] ? "valid" : "invalid")}");
            var dotnetXsd = !Validator.HasErrors(Validator.XsdFindings(DomainDocument.LoadFile(path), DocumentKind.Domain));
            table.Count(xsdProcessors, name, dotnetXsd == xmllintXsd[path], $".NET {(dotnetXsd ? "valid" : "invalid")}, xmllint {(xmllintXsd[path] ? "valid" : "invalid")}");
        }
        table.PrintAndAssert();
    }

    [Test]
    public void CpuFailuresOfXml2ArgvGetASemanticError()
    {
        const string kind = "refused for a CPU reason: a semantic error";
        var table = new PassRateTable("libvirt-9.0 xml2argv failures: validate", new KindFloor(kind, 100));
        foreach (var row in Xml2ArgvRow.Read(Corpus.Libvirt90).RowsOrFail().Where(r => r.Expect != "ok"))
        {
            var errFile = row.ExpectedPath;
            if (errFile is null) continue;
            var message = File.ReadAllText(errFile);
            if (!CpuReason.IsMatch(message)) continue;
            var findings = Validator.Validate(DomainDocument.LoadFile(row.InputPath), libvirt: LibvirtProfile.Libvirt90);
            if (UndecidableErrors.FirstOrDefault(u => message.Contains(u.Key, StringComparison.Ordinal)) is { Key: not null } why)
            {
                TestContext.Out.WriteLine($"{row.Test}: not decidable from the document ({why.Value})");
                continue;
            }
            table.Count(kind, row.Name, Validator.HasErrors(findings, DiagnosticCategory.Semantic), $"libvirt says '{message.Trim()}', we find no semantic error");
        }
        table.PrintAndAssert();
    }

    [Test]
    public void NoValidCorpusDomainGetsASemanticError()
    {
        var valid = Xml2ArgvRow.Read(Corpus.Libvirt90).RowsOrFail().Where(r => r.Expect == "ok")
            .Select(r => r.InputPath)
            .Concat(Directory.GetFiles(Path.Combine(Corpus.Libvirt90, "xml2xml"), "*.xml"))
            .Distinct()
            .ToList();
        var wrong = valid
            .SelectMany(p => Validator.Validate(DomainDocument.LoadFile(p), libvirt: LibvirtProfile.Libvirt90))
            .Where(d => d.Category == DiagnosticCategory.Semantic && d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToList();
        TestContext.Out.WriteLine($"valid corpus domains checked: {valid.Count}");
        Assert.That(wrong, Is.Empty);
    }
}

using System.Xml.Linq;
using DomainCpu.Schema;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Diagnostics;

namespace DomainCpu.Tests;

/// <summary>
/// The shipped schemas agree with each other and with a second XSD processor on every testdata/validate sample:
/// xmllint's XSD verdict equals .NET's, and our RELAX NG's verdict equals our <c>schema</c>-category verdict
/// (XSD plus the count rules the XSD cannot express).
/// </summary>
[TestFixture]
public class ValidationSchemaAgreementTests
{
    private static string SchemaPath(string file) => Path.Combine(Golden.Root, "schemas", file);

    /// <summary>The well-formed samples of a kind, with their loaded documents.</summary>
    private static List<(string Path, DomainDocument Doc)> Samples(DocumentKind kind)
    {
        var list = new List<(string, DomainDocument)>();
        foreach (var c in Golden.Cases("validate"))
        {
            var path = Path.Combine(Golden.CaseDir("validate", (string)c.Arguments[0]!), "input.xml");
            try
            {
                var doc = DomainDocument.Load(File.ReadAllBytes(path), path);
                if (doc.Kind == kind) list.Add((path, doc));
            }
            catch (DomainCpuException)
            {
                // Not well-formed: no schema verdict to compare.
            }
        }
        return list;
    }

    private static readonly (DocumentKind Kind, string Name)[] Kinds =
    [
        (DocumentKind.Domain, "domain"), (DocumentKind.Capabilities, "capabilities"),
        (DocumentKind.DomainCapabilities, "domaincaps"), (DocumentKind.Cpu, "cpu"),
    ];

    [Test]
    public void XmllintAcceptsOurXsdsAndGivesTheSameVerdicts()
    {
        var disagreements = new List<string>();
        foreach (var (kind, name) in Kinds)
        {
            var samples = Samples(kind);
            Assert.That(samples, Is.Not.Empty, $"no {name} sample");
            var theirs = ValidationXmllint.Verdicts("--schema", SchemaPath(name + ".xsd"), samples.Select(s => s.Path).ToList());
            foreach (var (path, doc) in samples)
            {
                var ours = !Validator.HasErrors(Validator.XsdFindings(doc, kind));
                if (ours != theirs[path]) disagreements.Add($"{path}: .NET says {(ours ? "valid" : "invalid")}, xmllint the opposite");
            }
        }
        Assert.That(disagreements, Is.Empty);
    }

    [Test]
    public void OurRelaxNgAgreesWithXsdPlusCountRules()
    {
        var disagreements = new List<string>();
        foreach (var (kind, name) in Kinds)
        {
            var samples = Samples(kind);
            var rng = ValidationXmllint.Verdicts("--relaxng", SchemaPath(name + ".rng"), samples.Select(s => s.Path).ToList());
            foreach (var (path, doc) in samples)
            {
                var ours = !Validator.HasErrors(Validator.Validate(doc), DiagnosticCategory.Schema);
                if (ours != rng[path]) disagreements.Add($"{path}: schema category says {(ours ? "valid" : "invalid")}, our RELAX NG the opposite");
            }
        }
        Assert.That(disagreements, Is.Empty);
    }

    [Test]
    public void EmbeddedSchemasAreTheShippedFiles()
    {
        var shipped = Directory.GetFiles(Path.Combine(Golden.Root, "schemas"), "*.xsd").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.That(SchemaSet.FileNames, Is.EqualTo(shipped));
        foreach (var name in SchemaSet.FileNames)
        {
            using var s = SchemaSet.Open(name);
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            Assert.That(ms.ToArray(), Is.EqualTo(File.ReadAllBytes(SchemaPath(name))), name);
        }
    }

    [Test]
    public void EveryXsdDeclarationIsDocumented()
    {
        var xs = (System.Xml.Linq.XNamespace)"http://www.w3.org/2001/XMLSchema";
        var missing = new List<string>();
        // The editor-facing schemas of the documents users write; cpu-catalog.xsd and libvirt-cpu-maps.xsd describe the generated
        // data files (tools/catalog-gen), which no one edits by hand.
        foreach (var file in Directory.GetFiles(Path.Combine(Golden.Root, "schemas"), "*.xsd").Where(f => Path.GetFileName(f) is not ("cpu-catalog.xsd" or "libvirt-cpu-maps.xsd")))
        {
            var doc = System.Xml.Linq.XDocument.Load(file, System.Xml.Linq.LoadOptions.SetLineInfo);
            foreach (var e in doc.Descendants().Where(e => e.Name == xs + "element" || e.Name == xs + "attribute" || e.Name == xs + "enumeration" ||
                                                           (e.Name == xs + "simpleType" || e.Name == xs + "complexType") && e.Attribute("name") is not null))
            {
                if (e.Elements(xs + "annotation").Elements(xs + "documentation").All(d => d.Value.Trim().Length == 0))
                {
                    missing.Add($"{Path.GetFileName(file)}:{((System.Xml.IXmlLineInfo)e).LineNumber}: {e.Name.LocalName} {e.Attribute("name")?.Value ?? e.Attribute("value")?.Value}");
                }
            }
        }
        Assert.That(missing, Is.Empty);
    }
}

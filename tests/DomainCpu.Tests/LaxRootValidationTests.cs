using System.Xml.Linq;
using System.Xml.Schema;
using DomainCpu.Schema;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Diagnostics;

namespace DomainCpu.Tests;

/// <summary>The lax-root shortcut of XSD validation reports exactly what validating the whole tree reports.</summary>
[TestFixture]
public class LaxRootValidationTests
{
    private const string OpenPartsWithDeclaredNames = """
        <domain type='kvm'>
          <name>x</name>
          <os><type arch='x86_64'>hvm</type><foo><type>bogus</type></foo></os>
          <devices><type>bogus</type><cpu mode='bogus'/><disk><vcpu>0</vcpu></disk></devices>
          <metadata><x:a xmlns:x="urn:x"><cpu mode="zzz"/></x:a></metadata>
          <qemu:commandline xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0"><qemu:arg/></qemu:commandline>
          <other xmlns="urn:other"><cpu mode='bogus'/></other>
        </domain>
        """;

    private static IEnumerable<TestCaseData> Documents()
    {
        foreach (var c in Golden.Cases("validate"))
        {
            var name = (string)c.Arguments[0]!;
            yield return new TestCaseData(File.ReadAllText(Path.Combine(Golden.CaseDir("validate", name), "input.xml"))).SetName($"golden {name}");
        }
        yield return new TestCaseData(OpenPartsWithDeclaredNames).SetName("declared names inside open parts");
        yield return new TestCaseData("<domain><devices xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xsi:type='bogus'/></domain>")
            .SetName("xsi:type on an open element");
        yield return new TestCaseData("<domain><devices xml:lang='!!'/><vcpu>0</vcpu></domain>").SetName("xml:lang on an open element");
        yield return new TestCaseData("<domain xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xsi:nil='true'><vcpu>0</vcpu></domain>")
            .SetName("xsi:nil on the root");
        yield return new TestCaseData("<domain>text<vcpu>0</vcpu></domain>").SetName("text in the root");
        yield return new TestCaseData("<domain><![CDATA[ ]]><vcpu>2</vcpu></domain>").SetName("CDATA in the root");
        yield return new TestCaseData("<domain><vcpu>2</vcpu><vcpu>x</vcpu></domain>").SetName("repeated declared children");
        yield return new TestCaseData("<domain><devices><cpu mode='bogus'>").SetName("not well-formed after a kept part");
        yield return new TestCaseData("<domain xmlns='urn:x'><vcpu>0</vcpu></domain>").SetName("root in a namespace");
        yield return new TestCaseData("<domain xmlns=''><vcpu>0</vcpu><a xmlns:q='urn:q' q:b='1'/></domain>").SetName("namespaced attribute after a kept part");
        yield return new TestCaseData("<!-- c --><?pi x?><domain><!-- c --><vcpu>2</vcpu><x><y><vcpu>0</vcpu></y><vcpu/></x></domain>")
            .SetName("comments and nested kept parts");
        yield return new TestCaseData("<domain><vcpu>2</vcpu>" + string.Concat(Enumerable.Repeat("<a>", 200)) + string.Concat(Enumerable.Repeat("</a>", 200)) + "</domain>")
            .SetName("nested deeper than the limit");
        yield return new TestCaseData("<cpu><model>x</model></cpu>").SetName("standalone cpu");
        yield return new TestCaseData("<domainCapabilities><cpu><mode name='bogus'/></cpu><x><cpu/></x></domainCapabilities>")
            .SetName("domain capabilities");
    }

    /// <summary>The documents that load and have a schema (the others never reach schema validation).</summary>
    private static IEnumerable<TestCaseData> SchemaDocuments() =>
        Documents().Where(c => Loads((string)c.Arguments[0]!) is { } doc && SchemaSet.For(doc.Kind) is not null);

    private static DomainDocument? Loads(string xml)
    {
        try
        {
            return DomainDocument.Parse(xml);
        }
        catch (DomainCpuException)
        {
            return null;
        }
    }

    [Test]
    public void MostDocumentsReachSchemaValidation() =>
        Assert.That(SchemaDocuments().Count(), Is.GreaterThan(Documents().Count() / 2));

    [TestCaseSource(nameof(SchemaDocuments))]
    public void ReportsWhatWholeTreeValidationReports(string xml)
    {
        var loaded = DomainDocument.Parse(xml);
        var doc = loaded.Document;
        var set = SchemaSet.For(loaded.Kind)!;
        var whole = new List<string>();
        doc.Validate(set, (s, e) => whole.Add(Describe(s, e)), addSchemaInfo: false);
        var lax = new List<string>();
        LaxRootValidation.For(set).Validate(doc, (s, e) => lax.Add(Describe(s, e)));
        Assert.That(lax, Is.EqualTo(whole));
    }

    [TestCaseSource(nameof(Documents))]
    public void ValidatingFromBytesFindsWhatValidatingTheLoadedDocumentFinds(string xml)
    {
        var bytes = HostileInput.Utf8(xml);
        Assert.That(Outcome(() => Validator.Validate(bytes, "f.xml")), Is.EqualTo(Outcome(() => Validator.Validate(DomainDocument.Load(bytes, "f.xml")))));
    }

    private static List<string> Outcome(Func<IReadOnlyList<Diagnostic>> validate)
    {
        try
        {
            return validate().Select(d => d.ToString()).ToList();
        }
        catch (DomainCpuException ex)
        {
            return [ex.Diagnostic.ToString()];
        }
    }

    [Test]
    public void DeclaredNamesInsideOpenPartsAreValidated()
    {
        var doc = DomainDocument.Parse(OpenPartsWithDeclaredNames);
        var errors = Validator.Validate(doc).Where(d => d.Id == "DC0100").Select(d => (d.Line, d.Column)).ToList();
        Assert.That(errors, Is.SupersetOf(new[] { (3, 43), (4, 13), (4, 35), (4, 56), (5, 39) }));
        Assert.That(errors.Where(e => e.Line == 7), Is.Empty, "<cpu> in another namespace is not ours");
    }

    private static string Describe(object? sender, ValidationEventArgs e)
    {
        var pos = SourcePosition.Of(sender as XObject);
        return $"{pos.Line}:{pos.Column} {e.Severity} {e.Message}";
    }
}

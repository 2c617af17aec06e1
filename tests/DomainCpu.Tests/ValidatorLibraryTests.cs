using DomainCpu.Schema;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Diagnostics;

namespace DomainCpu.Tests;

/// <summary>The library side of validation: shared compiled schema sets and the rule table.</summary>
[TestFixture]
public class ValidatorLibraryTests
{
    [Test]
    public void SchemaSetsAreBuiltOnceAndSharedBetweenThreads()
    {
        var inputs = Golden.Cases("validate")
            .Select(c => Path.Combine(Golden.CaseDir("validate", (string)c.Arguments[0]!), "input.xml"))
            .Where(p => !p.Contains("malformed", StringComparison.Ordinal))
            .Select(p => DomainDocument.Load(File.ReadAllBytes(p), "input.xml"))
            .ToList();
        var sequential = inputs.Select(d => string.Join("\n", Validator.Validate(d))).ToList();
        var parallel = new string[inputs.Count];
        Parallel.For(0, inputs.Count * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var n = i % inputs.Count;
            var text = string.Join("\n", Validator.Validate(inputs[n]));
            lock (parallel) parallel[n] = parallel[n] is null || parallel[n] == text ? text : "DIFFERENT";
        });
        Assert.That(parallel, Is.EqualTo(sequential));
        Assert.That(SchemaSet.For(DocumentKind.Domain), Is.SameAs(SchemaSet.For(DocumentKind.Domain)));
        Assert.That(SchemaSet.For(DocumentKind.Other), Is.Null);
    }

    [Test]
    public void RuleIdsAreUniqueAndCategorised()
    {
        var rules = DiagnosticCatalogue.All.Where(d => d.Validated).ToList();
        Assert.That(rules.Select(r => r.Id), Is.Unique);
        Assert.That(rules.Select(r => r.Category), Is.All.AnyOf(DiagnosticCategory.Schema, DiagnosticCategory.Semantic));
        // Validation's ids: DC01xx, DC02xx for the target release's grammar and rules; the names a start checks against
        // the CPU models keep the start's ids.
        Assert.That(rules.Where(r => r != DiagnosticCatalogue.FeatureUnknownAtStart && r != DiagnosticCatalogue.ModelUnknown).Select(r => r.Id),
            Is.All.Matches("^DC0[12][0-9][0-9]$"));
    }

    [Test]
    public void ValidationNeverThrowsForWellFormedInput()
    {
        var doc = DomainDocument.Parse("<domain><cpu mode=''><topology/><numa><cell id='x' cpus='9-1'/></numa><feature/></cpu><vcpu current='x'/></domain>");
        var findings = Validator.Validate(doc);
        Assert.That(findings, Is.Not.Empty);
        Assert.That(Validator.HasErrors(findings, DiagnosticCategory.Schema), Is.True);
    }
}

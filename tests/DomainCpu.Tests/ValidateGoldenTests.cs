using System.Text;
using DomainCpu.Schema;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Diagnostics;
using DomainCpu.Targets;

namespace DomainCpu.Tests;

/// <summary>testdata/validate/&lt;case&gt;/{input.xml, expected.txt[, libvirt]}: the findings of <see cref="Validator"/>,
/// one <c>FILE:LINE:COL: severity: [ID] message</c> line each (empty for a valid document), as libvirt 9.0 or the
/// release the case's <c>libvirt</c> file names decides. Cases named valid-* are the valid shapes of SPEC §1 and
/// must have no finding at all. The feature and model names are checked against that release's embedded cpu_map
/// models.</summary>
[TestFixture]
public class ValidateGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() => Golden.Cases("validate");

    /// <summary>The release a case answers as.</summary>
    internal static LibvirtProfile Release(string caseName) =>
        LibvirtProfile.For(ReleaseVersion.TryParse(Golden.Libvirt(Golden.CaseDir("validate", caseName)))!.Value);


    /// <summary>The CPU models of the release a case answers as (its embedded cpu_map models).</summary>
    private static Catalog.CpuCatalog Models(string caseName) =>
        Catalog.Libvirt.EmbeddedCpuMaps.For(Release(caseName).Version.Major, Release(caseName).Version.Minor);

    internal static IReadOnlyList<Diagnostic> Findings(string caseName)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Golden.CaseDir("validate", caseName), "input.xml"));
        try
        {
            return Validator.Validate(DomainDocument.Load(bytes, "input.xml"), libvirt: Release(caseName), models: Models(caseName));
        }
        catch (DomainCpuException ex)
        {
            return [ex.Diagnostic];
        }
    }

    /// <summary>The findings of <see cref="Validator.Validate(byte[], string, DocumentKind?, InputLimits?, DomainCpu.Targets.LibvirtProfile?)"/> (what
    /// <c>domaincpu validate</c> runs, building only the parts of a domain validation looks at).</summary>
    private static IReadOnlyList<Diagnostic> FindingsFromBytes(string caseName)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Golden.CaseDir("validate", caseName), "input.xml"));
        try
        {
            return Validator.Validate(bytes, "input.xml", libvirt: Release(caseName), models: Models(caseName));
        }
        catch (DomainCpuException ex)
        {
            return [ex.Diagnostic];
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void ValidatingFromBytesFindsTheSame(string name) =>
        Assert.That(FindingsFromBytes(name).Select(d => d.ToString()), Is.EqualTo(Findings(name).Select(d => d.ToString())));

    [TestCaseSource(nameof(Cases))]
    public void Validate(string name)
    {
        var findings = Findings(name);
        var text = new StringBuilder();
        foreach (var d in findings) text.Append(d).Append('\n');
        Golden.AssertMatches(Path.Combine(Golden.CaseDir("validate", name), "expected.txt"), text.ToString());
        if (name.StartsWith("valid-", StringComparison.Ordinal))
        {
            Assert.That(findings, Is.Empty, "a valid shape must have no finding");
        }
        else
        {
            Assert.That(findings, Is.Not.Empty, "an invalid case must have a finding");
        }
    }

    [Test]
    public void EveryRuleFiresInSomeCase()
    {
        var fired = Golden.Cases("validate")
            .SelectMany(c => Findings((string)c.Arguments[0]!))
            .Select(d => d.Id)
            .ToHashSet();
        var silent = DiagnosticCatalogue.All.Where(d => d.Validated).Select(r => r.Id).Where(id => !fired.Contains(id)).ToList();
        Assert.That(silent, Is.Empty, "rules that no testdata/validate case triggers");
    }

    [Test]
    public void AtLeastSixtyCases() => Assert.That(Golden.Cases("validate").Count(), Is.GreaterThanOrEqualTo(60));

    [Test]
    public void FindingsCarryTheirRulesCategoryAndSeverity()
    {
        foreach (var c in Golden.Cases("validate"))
        {
            foreach (var d in Findings((string)c.Arguments[0]!))
            {
                var rule = DiagnosticCatalogue.Find(d.Id)!;
                Assert.That((d.Category, d.Severity), Is.EqualTo((rule.Category, rule.Severity)), d.ToString());
            }
        }
    }
}

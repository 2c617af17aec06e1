using System.Text;
using System.Text.RegularExpressions;
using DomainCpu.Diagnostics;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The diagnostics catalogue is the one place ids are defined: every id unique and never reused, every finding
/// made by a named factory (no id or category written at the site that reports it), and docs/validation.md's id table
/// generated from it.</summary>
[TestFixture]
public partial class DiagnosticCatalogueTests
{
    private const string Begin = "<!-- diagnostics:begin (generated from DiagnosticCatalogue by DiagnosticCatalogueTests; DOMAINCPU_BLESS=1 rewrites it) -->";
    private const string End = "<!-- diagnostics:end -->";

    private static string Source => Path.Combine(Golden.Root, "src");

    [Test]
    public void IdsAreUniqueWellFormedAndInOrder()
    {
        var ids = DiagnosticCatalogue.All.Select(d => d.Id).ToList();
        Assert.That(ids, Is.Unique);
        Assert.That(ids, Is.All.Matches("^DC[0-9]{4}$"));
        Assert.That(ids, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(ids.Select(DiagnosticCatalogue.Find), Is.All.Not.Null);
        Assert.That(DiagnosticCatalogue.Find("DC9999"), Is.Null);
    }

    [Test]
    public void RetiredIdsNameTheIdInUse()
    {
        foreach (var d in DiagnosticCatalogue.All.Where(d => d.RetiredFor is not null))
        {
            Assert.That(d.IsRetired, Is.True, d.Id);
            var now = DiagnosticCatalogue.Find(d.RetiredFor!);
            Assert.That(now, Is.Not.Null, d.Id);
            Assert.That(now!.IsRetired, Is.False, $"{d.Id} is retired for {now.Id}, which is retired too");
        }
        Assert.That(DiagnosticCatalogue.All.Count(d => d.IsRetired), Is.GreaterThanOrEqualTo(6));
    }

    [Test]
    public void NoSourceFileWritesAnIdOrACategory()
    {
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(f)))
        {
            var inDiagnostics = file.Contains($"{Path.DirectorySeparatorChar}Diagnostics{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (!file.EndsWith("DiagnosticCatalogue.cs", StringComparison.Ordinal) && IdLiteral().IsMatch(line))
                {
                    offenders.Add($"{Relative(file)}:{i + 1}: an id literal: {line.Trim()}");
                }
                if (!inDiagnostics && CategoryChosen().IsMatch(line) && !line.TrimStart().StartsWith("///", StringComparison.Ordinal))
                {
                    offenders.Add($"{Relative(file)}:{i + 1}: a category chosen at the site: {line.Trim()}");
                }
            }
        }
        Assert.That(offenders, Is.Empty);
    }

    [Test]
    public void EveryIdInUseHasAFactoryAndEveryFactoryIsUsed()
    {
        var diagnostics = Path.Combine(Source, "DomainCpu", "Diagnostics");
        var factories = string.Join("\n", Directory.GetFiles(diagnostics, "Diagnoses*.cs").Select(File.ReadAllText));
        var callers = string.Join("\n", Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f) && !Path.GetFileName(f).StartsWith("Diagnoses", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        // An id is made by a factory of its own, or by one of the generic ones (libvirt's attribute messages, the
        // schema rules' shape messages) that a reader hands the id's descriptor.
        var withoutFactory = DiagnosticCatalogue.All.Where(d => !d.IsRetired)
            .Where(d => !Regex.IsMatch(factories, $@"\b{NameOf(d)}\b") && !callers.Contains($"DiagnosticCatalogue.{NameOf(d)}", StringComparison.Ordinal))
            .Select(d => $"{d.Id} ({NameOf(d)})");
        Assert.That(withoutFactory, Is.Empty, "ids in use that no factory in Diagnostics/Diagnoses*.cs makes");

        var unused = FactoryName().Matches(factories).Select(m => m.Groups[1].Value).Distinct()
            .Where(name => !callers.Contains($"Diagnoses.{name}(", StringComparison.Ordinal) && !IsCalledInside(factories, name));
        Assert.That(unused, Is.Empty, "factories no code calls");
    }

    [Test]
    public void ValidationDocsListEveryId()
    {
        var path = Path.Combine(Golden.Root, "docs", "validation.md");
        var docs = File.ReadAllText(path);
        var begin = docs.IndexOf(Begin, StringComparison.Ordinal);
        var end = docs.IndexOf(End, StringComparison.Ordinal);
        Assert.That(begin, Is.GreaterThanOrEqualTo(0), $"docs/validation.md has no line {Begin}");
        Assert.That(end, Is.GreaterThan(begin), $"docs/validation.md has no line {End} after the begin marker");
        var generated = Begin + "\n" + Table() + End;
        var updated = docs[..begin] + generated + docs[(end + End.Length)..];
        Golden.AssertMatches(path, updated);
    }

    /// <summary>The id table: every id with its category, severity and what it reports; for the validation rules, the
    /// line a finding points at and its message, from the first testdata/validate case (in name order) that has one.</summary>
    private static string Table()
    {
        var examples = new Dictionary<string, (string Line, string Message)>();
        foreach (var c in Golden.Cases("validate"))
        {
            var name = (string)c.Arguments[0]!;
            var lines = File.ReadAllLines(Path.Combine(Golden.CaseDir("validate", name), "input.xml"));
            foreach (var d in ValidateGoldenTests.Findings(name).Where(d => d.Line > 0 && d.Line <= lines.Length))
            {
                examples.TryAdd(d.Id, (lines[d.Line - 1].Trim(), d.Message));
            }
        }
        var b = new StringBuilder();
        b.Append("| id | category | severity | reported by | what it reports | example | message |\n");
        b.Append("|---|---|---|---|---|---|---|\n");
        foreach (var d in DiagnosticCatalogue.All)
        {
            var by = d.IsRetired ? d.RetiredFor is null ? "retired" : $"retired: now {d.RetiredFor}"
                : d.Validated && d.AtStart ? "validate, start" : d.Validated ? "validate" : d.AtStart ? "start" : "commands";
            var (line, message) = d.Validated && examples.TryGetValue(d.Id, out var e) ? e : ("", "");
            b.Append($"| {d.Id} | {Diagnostic.NameOf(d.Category)} | {(d.Severity == DiagnosticSeverity.Error ? "error" : "warning")} | {by} | ")
                .Append(Cell(d.Summary)).Append(" | ")
                .Append(line.Length == 0 ? "" : "`" + line.Replace("|", "\\|", StringComparison.Ordinal) + "`").Append(" | ")
                .Append(Cell(message)).Append(" |\n");
        }
        return b.ToString();
    }

    private static string Cell(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);

    private static string NameOf(DiagnosticDescriptor d) =>
        typeof(DiagnosticCatalogue).GetFields().Single(f => ReferenceEquals(f.GetValue(null), d)).Name;

    private static bool IsCalledInside(string factories, string name) =>
        Regex.Matches(factories, $@"\b{name}\(").Count > Regex.Matches(factories, $@"public static Diagnostic {name}\(").Count;

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ||
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string Relative(string path) => Path.GetRelativePath(Golden.Root, path);

    [GeneratedRegex("\"DC[0-9]{4}\"")]
    private static partial Regex IdLiteral();

    /// <summary>A category named anywhere but in a comparison (reading a finding's category is fine).</summary>
    [GeneratedRegex(@"(?<![=!]= )DiagnosticCategory\.[A-Z]")]
    private static partial Regex CategoryChosen();

    [GeneratedRegex(@"public static Diagnostic (\w+)\(")]
    private static partial Regex FactoryName();
}

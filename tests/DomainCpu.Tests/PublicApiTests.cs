using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The library's public surface is reviewed like code: it is written to a golden file
/// (testdata/public-api/DomainCpu.Core/expected.txt, DOMAINCPU_BLESS=1 rewrites it), and docs/library.md names
/// every public type and no internal one.</summary>
[TestFixture]
public partial class PublicApiTests
{
    private static readonly Assembly Library = typeof(LibvirtCpu).Assembly;

    [Test]
    public void TheSurfaceIsTheReviewedOne()
    {
        var expected = Path.Combine(Golden.CaseDir("public-api", Library.GetName().Name!), "expected.txt");
        Golden.AssertMatches(expected, PublicApi.Write(Library));
    }

    /// <summary>The writer sees what it must: a public member of a public type, the nullability of a parameter,
    /// and nothing internal.</summary>
    [Test]
    public void TheWriterShowsPublicSignaturesOnly()
    {
        var api = PublicApi.Write(Library);
        Assert.That(api, Does.Contain("static class DomainCpu.LibvirtCpu\n"));
        Assert.That(api, Does.Contain("  public static DomainCpu.Xml.DomainDocument Strip(DomainCpu.Xml.DomainDocument live)\n"));
        Assert.That(api, Does.Contain("System.Collections.Generic.ICollection<DomainCpu.Diagnostics.Diagnostic>? warnings = null"));
        Assert.That(api, Does.Not.Contain("DomainCpu.Start.StartEngine"));
        Assert.That(api, Does.Not.Contain("X86Data"));
    }

    /// <summary>Tuple element names are part of a signature (renaming one breaks callers that use it), nested ones
    /// included.</summary>
    [Test]
    public void TheWriterNamesTupleElements()
    {
        var api = PublicApi.Write(typeof(TupleSignatures).Assembly);
        Assert.That(api, Does.Contain("  public static (int Count, (string Name, bool Usable) Model)[] Rows((string, int Number)? filter)\n"));
    }

    /// <summary>The command line is built on the public API alone, as a management application is: the library lets
    /// its tests and tools see its internals, not the <c>domaincpu</c> assembly.</summary>
    [Test]
    public void TheCommandLineSeesThePublicApiOnly()
    {
        var friends = Library.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();
        Assert.That(friends, Does.Contain("DomainCpu.Tests"));
        Assert.That(friends, Has.None.EqualTo("domaincpu").IgnoreCase);
    }

    [Test]
    public void LibraryDocsNameEveryPublicTypeAndNoInternalOne()
    {
        var docs = File.ReadAllText(Path.Combine(Golden.Root, "docs", "library.md"));
        var fenced = FencedCode().Matches(docs).Select(m => m.Value);
        var named = CodeSpanIdentifier().Matches(docs).Select(m => m.Groups[1].Value)
            .Concat(fenced.SelectMany(code => CodeIdentifier().Matches(code).Select(m => m.Value)))
            .ToHashSet(StringComparer.Ordinal);
        var types = Library.GetTypes().Where(t => !t.IsNested && t.Namespace?.StartsWith("DomainCpu", StringComparison.Ordinal) == true).ToList();
        var internalNamed = types.Where(t => !t.IsPublic && named.Contains(t.Name) && !types.Any(p => p.IsPublic && p.Name == t.Name))
            .Select(t => t.FullName).Order(StringComparer.Ordinal).ToList();
        Assert.That(internalNamed, Is.Empty, "docs/library.md names internal types");
        var undocumented = types.Where(t => t.IsPublic && !named.Contains(t.Name)).Select(t => t.FullName).Order(StringComparer.Ordinal).ToList();
        Assert.That(undocumented, Is.Empty, "public types docs/library.md does not name (in `code`)");
    }

    /// <summary>A type name at the start of an inline code span (<c>`CpuDefinition`</c>, <c>`HostDocuments.Read`</c>),
    /// not a method (<c>`Validate(doc)`</c>).</summary>
    [GeneratedRegex(@"`([A-Z][A-Za-z0-9]+)(?![A-Za-z0-9(])")]
    private static partial Regex CodeSpanIdentifier();

    [GeneratedRegex(@"^```[a-z]*\n.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    /// <summary>A capitalised name in code that is not a member (after a dot), a call or an initialised property: a type.</summary>
    [GeneratedRegex(@"(?<![.A-Za-z0-9])[A-Z][A-Za-z0-9]+\b(?![(A-Za-z0-9]|\s*=[^=])")]
    private static partial Regex CodeIdentifier();
}

/// <summary>A public signature with named (and unnamed, and nested) tuple elements, for the writer's test.</summary>
public static class TupleSignatures
{
    public static (int Count, (string Name, bool Usable) Model)[] Rows((string, int Number)? filter) =>
        filter is null ? [] : [(filter.Value.Number, (filter.Value.Item1, true))];
}

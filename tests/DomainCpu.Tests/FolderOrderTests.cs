using System.Text.RegularExpressions;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The library's folders (one namespace each) follow the pipeline: a folder uses only the folders before it,
/// read from the built assembly's metadata and IL, so no cycle between folders can come back unseen.</summary>
[TestFixture]
public partial class FolderOrderTests
{
    /// <summary>The pipeline, first to last; folders on one line are siblings and use neither the other.</summary>
    private static readonly string[][] Pipeline =
    [
        ["DomainCpu.Diagnostics"],
        ["DomainCpu.Model"],
        ["DomainCpu.Xml"],
        ["DomainCpu.Catalog"],
        ["DomainCpu.Catalog.Libvirt", "DomainCpu.Catalog.Qemu"],
        ["DomainCpu.Targets"],
        ["DomainCpu.Schema"],
        ["DomainCpu.X86"],
        ["DomainCpu.Host"],
        ["DomainCpu.Start"],
        ["DomainCpu.Qemu"],
        ["DomainCpu.Compat"],
        ["DomainCpu.Diff"],
        ["DomainCpu"],
    ];

    private static readonly Lazy<IReadOnlyList<TypeReferences.Use>> Uses =
        new(() => TypeReferences.Read(typeof(LibvirtCpu).Assembly.Location));

    private static int Rank(string ns) => Array.FindIndex(Pipeline, step => step.Contains(ns));

    private static bool IsOurs(string ns) => ns == "DomainCpu" || ns.StartsWith("DomainCpu.", StringComparison.Ordinal);

    [Test]
    public void NoFolderUsesALaterOne()
    {
        var violations = Uses.Value
            .Where(u => IsOurs(u.FromNamespace) && IsOurs(u.ToNamespace) && u.FromNamespace != u.ToNamespace)
            .Where(u => Rank(u.ToNamespace) >= Rank(u.FromNamespace))
            .GroupBy(u => $"{u.FromNamespace} -> {u.ToNamespace}")
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(u => $"{u.From} uses {u.To}"))}")
            .ToList();
        Assert.That(violations, Is.Empty, "a folder uses a later (or sibling) folder:\n" + string.Join("\n", violations));
    }

    [Test]
    public void EveryNamespaceHasItsPlaceInThePipeline()
    {
        var namespaces = typeof(LibvirtCpu).Assembly.GetTypes().Select(t => t.Namespace ?? "").Where(IsOurs).Distinct();
        Assert.That(namespaces.Where(ns => Rank(ns) < 0), Is.Empty, "add the folder to FolderOrderTests.Pipeline");
    }

    /// <summary>The reader finds uses that only a method body shows, so an empty violation list means something.</summary>
    [Test]
    public void TheReaderSeesUsesInMethodBodies()
    {
        Assert.That(Uses.Value, Has.Some.Matches<TypeReferences.Use>(u => u.From == "DomainCpu.LibvirtCpu" && u.To == "DomainCpu.Start.StartEngine"));
        Assert.That(Uses.Value, Has.Some.Matches<TypeReferences.Use>(u => u.FromNamespace == "DomainCpu.Start" && u.ToNamespace == "DomainCpu.X86"));
        Assert.That(Uses.Value.Select(u => u.FromNamespace).Distinct().Count(IsOurs), Is.EqualTo(Pipeline.Sum(s => s.Length)));
    }

    /// <summary>Namespaces are folders: each source file of the library declares the namespace of its folder.</summary>
    [Test]
    public void EachFileDeclaresTheNamespaceOfItsFolder()
    {
        var library = Path.Combine(Golden.Root, "src", "DomainCpu");
        var wrong = new List<string>();
        foreach (var file in Directory.EnumerateFiles(library, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(library, file);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal)) continue;
            var folder = Path.GetDirectoryName(relative)!;
            var expected = folder.Length == 0 ? "DomainCpu" : "DomainCpu." + folder.Replace(Path.DirectorySeparatorChar, '.');
            var declared = FileNamespace().Match(File.ReadAllText(file));
            if (!declared.Success || declared.Groups[1].Value != expected) wrong.Add($"{relative}: {(declared.Success ? declared.Groups[1].Value : "no namespace")}, expected {expected}");
        }
        Assert.That(wrong, Is.Empty);
    }

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();
}

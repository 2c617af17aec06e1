using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>Runs every command example of the documentation and compares what it prints with the page (the convention is
/// in <see cref="DocExamples"/>), so the pages cannot drift from the command.</summary>
[TestFixture]
[NonParallelizable] // each example runs in its own working directory
public class DocExampleTests
{
    public static IEnumerable<TestCaseData> Examples() =>
        AllBlocks().SelectMany(DocExamples.Examples).Select(e => new TestCaseData(e).SetName(e.Name));

    private static IEnumerable<DocExamples.Block> AllBlocks() =>
        DocExamples.Pages(Golden.Root).SelectMany(p => DocExamples.Blocks(p, File.ReadAllText(Path.Combine(Golden.Root, p))));

    [TestCaseSource(nameof(Examples))]
    public void Example(DocExamples.Example example)
    {
        if (example.NotRun is not null)
        {
            TestContext.Out.WriteLine($"not run ({example.NotRun}); only parsed: domaincpu {string.Join(' ', example.Args)}");
            var parse = DomainCpu.Cli.Program.BuildRoot(new DomainCpu.Cli.CliContext(Stream.Null, Stream.Null, TextWriter.Null))
                .Parse(DomainCpu.Cli.GlobalOptions.CommandFirst([.. example.Args]));
            Assert.That(parse.Errors.Select(e => e.Message), Is.Empty, $"{example.Name}: the command line does not parse");
            return;
        }
        var work = Directory.CreateTempSubdirectory("domaincpu-doc-");
        var previous = Directory.GetCurrentDirectory();
        try
        {
            CopyTree(Path.Combine(Golden.Root, example.Folder), work.FullName);
            Directory.SetCurrentDirectory(work.FullName);
            foreach (var before in example.Before) Run(before);
            var (code, output) = Run(example);
            var actual = output.Length == 0 ? [] : output.TrimEnd('\n').Split('\n');
            if (!DocExamples.Matches(example.Expected, actual))
            {
                Assert.Fail($"{example.Name}: `domaincpu {string.Join(' ', example.Args)}` prints something else than the page shows " +
                    $"(a '{DocExamples.Elision}' line stands for any lines):\n" +
                    UnifiedDiff.Create(string.Join('\n', example.Expected) + "\n", output, "page", "command"));
            }
            Assert.That(code, Is.EqualTo(example.ExitCode), $"{example.Name}: exit code (write '# exit N' after the command when it is not 0)");
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            work.Delete(recursive: true);
        }
    }

    /// <summary>A page's command example must be in a checked block: new examples are checked from the start.</summary>
    [Test]
    public void EveryCommandExampleIsChecked()
    {
        var outside = AllBlocks().SelectMany(DocExamples.UncheckedCommands).ToList();
        Assert.That(outside, Is.Empty,
            "command examples outside a ```console block (make them checked examples, or mark a usage line ```synopsis)");
    }

    [Test]
    public void TheDocumentationHasExamples() =>
        Assert.That(Examples().Count(), Is.GreaterThan(20), "the doc example reader finds the examples");

    private static (int Code, string Output) Run(DocExamples.Example example)
    {
        var stdin = example.Stdin is null ? [] : File.ReadAllBytes(example.Stdin);
        var r = CliHarness.RunOnHost(null, stdin, [.. example.Args]);
        if (example.StdoutFile is null) return (r.ExitCode, r.StdoutText + r.Stderr);
        File.WriteAllBytes(example.StdoutFile, r.Stdout);
        return (r.ExitCode, r.Stderr);
    }

    private static void CopyTree(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}

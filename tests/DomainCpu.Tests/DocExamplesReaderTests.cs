using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The reader of documentation examples (<see cref="DocExamples"/>) that <see cref="DocExampleTests"/> runs.</summary>
[TestFixture]
public class DocExamplesReaderTests
{
    private const string Page = """
        # Page

        ```synopsis
        domaincpu argv [--json] FILE
        ```

        ```console
        $ domaincpu argv --json 'my guest.xml'     # the JSON; exit 1
        {"cpu":null}
        $ domaincpu expand --live - < guest.xml > live.xml
        $ domaincpu strip live.xml
        …
        </domain>
        ```

        ```console not-run: needs virsh
        $ virsh dumpxml vm1 | domaincpu validate - ; echo $?
        ```

        ```sh
        virsh dumpxml vm1 | domaincpu expand --live -
        ```
        """;

    private static IReadOnlyList<DocExamples.Block> Blocks() => DocExamples.Blocks("docs/page.md", Page);

    [Test]
    public void ConsoleBlocksGiveOneExamplePerCommand()
    {
        var examples = Blocks().SelectMany(DocExamples.Examples).ToList();
        Assert.That(examples.Select(e => e.Name), Is.EqualTo(new[] { "docs/page.md:8", "docs/page.md:10", "docs/page.md:11", "docs/page.md:17" }));
        var first = examples[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.Args, Is.EqualTo(new[] { "argv", "--json", "my guest.xml" }));
            Assert.That(first.ExitCode, Is.EqualTo(1));
            Assert.That(first.Expected, Is.EqualTo(new[] { "{\"cpu\":null}" }));
            Assert.That(first.Folder, Is.EqualTo(Path.Combine("testdata", "docs", "page")));
            Assert.That(examples[1].Stdin, Is.EqualTo("guest.xml"));
            Assert.That(examples[1].StdoutFile, Is.EqualTo("live.xml"));
            Assert.That(examples[1].Args, Is.EqualTo(new[] { "expand", "--live", "-" }));
            Assert.That(examples[1].ExitCode, Is.EqualTo(0));
            Assert.That(examples[2].Before.Select(e => e.Line), Is.EqualTo(new[] { 8, 10 }), "the commands before it in the block run first");
            Assert.That(examples[3].NotRun, Is.EqualTo("needs virsh"));
            Assert.That(examples[3].Args, Is.EqualTo(new[] { "validate", "-" }), "only domaincpu's part of a pipeline");
        });
    }

    [Test]
    public void AnEndToEndBlockIsParsedHereAndKeepsWhatItShows()
    {
        var block = DocExamples.Blocks("docs/hook.md", "```console e2e: a defined guest vm1\n$ virsh dumpxml vm1 | domaincpu hook vm1 prepare begin -     # exit 0\n$ virsh dumpxml vm1 | domaincpu validate -\n1 file, 0 errors, 0 warnings\n```")[0];
        var examples = DocExamples.Examples(block);
        Assert.Multiple(() =>
        {
            Assert.That(examples[0].NotRun, Is.EqualTo("run by the end-to-end suite against libvirt's daemons: a defined guest vm1"));
            Assert.That(examples[0].Args, Is.EqualTo(new[] { "hook", "vm1", "prepare", "begin", "-" }));
            Assert.That(examples[1].Expected, Is.EqualTo(new[] { "1 file, 0 errors, 0 warnings" }));
            Assert.That(DocExamples.UncheckedCommands(block), Is.Empty, "an end-to-end block is a checked block");
        });
    }

    [Test]
    public void ACommandOutsideACheckedBlockIsReported() =>
        Assert.That(Blocks().SelectMany(DocExamples.UncheckedCommands), Is.EqualTo(new[] { "docs/page.md:21: virsh dumpxml vm1 | domaincpu expand --live -" }));

    [Test]
    public void ARunCommandMustBeDomaincpuAlone()
    {
        var block = DocExamples.Blocks("README.md", "```console\n$ cat x | domaincpu validate -\n```")[0];
        Assert.That(() => DocExamples.Examples(block), Throws.InstanceOf<FormatException>());
    }

    [TestCase(new[] { "a", "b" }, new[] { "a", "b" }, true)]
    [TestCase(new[] { "a", "b" }, new[] { "a", "c" }, false)]
    [TestCase(new[] { "a" }, new[] { "a", "b" }, false)]
    [TestCase(new[] { "a", "…" }, new[] { "a" }, true)]
    [TestCase(new[] { "a", "…", "z" }, new[] { "a", "b", "c", "z" }, true)]
    [TestCase(new[] { "a", "…", "z" }, new[] { "a", "b", "c" }, false)]
    [TestCase(new[] { "…", "x", "…" }, new[] { "a", "x", "b" }, true)]
    public void AnElisionLineStandsForAnyLines(string[] expected, string[] actual, bool matches) =>
        Assert.That(DocExamples.Matches(expected, actual), Is.EqualTo(matches));
}

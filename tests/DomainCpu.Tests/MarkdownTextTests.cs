using DomainCpu.Cli;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The plain-text rendering of documentation pages for <c>domaincpu help</c>.</summary>
[TestFixture]
public class MarkdownTextTests
{
    [Test]
    public void HeadingsLoseTheirHashes() =>
        Assert.That(MarkdownText.Render("# domaincpu argv\n\n## Many hosts\n#hashtag"), Is.EqualTo("domaincpu argv\n\nMany hosts\n#hashtag"));

    [Test]
    public void CodeBlocksLoseTheirFencesAndAreIndented() =>
        Assert.That(MarkdownText.Render("Example:\n\n```console\n$ domaincpu argv guest.xml\n-cpu `x` **y**\n```\nafter"),
            Is.EqualTo("Example:\n\n    $ domaincpu argv guest.xml\n    -cpu `x` **y**\nafter"));

    [Test]
    public void CodeBlocksInListItemsKeepTheItemsIndentation() =>
        Assert.That(MarkdownText.Render("1. Install:\n   ```sh\n   mkdir -p /etc\n   ```"), Is.EqualTo("1. Install:\n       mkdir -p /etc"));

    [Test]
    public void TablesBecomeAlignedColumns() =>
        Assert.That(MarkdownText.Render("| command | does |\n|---|:--:|\n| `format` | the **CPU** part |\n| `compare --hosts F\\|D` | fleets |"),
            Is.EqualTo("command              does\nformat               the CPU part\ncompare --hosts F|D  fleets"));

    [Test]
    public void ACodeSpanMayGoOnOverALineBreak() =>
        Assert.That(MarkdownText.Render("refused (`Emulator does not\n  support arch`).\n\nnext `x`"), Is.EqualTo("refused (Emulator does not\n  support arch).\n\nnext x"));

    [TestCase("`--json` prints", "--json prints")]
    [TestCase("``a ` b``", "a ` b")]
    [TestCase("**Note**: see [json-output.md](../json-output.md#compare)", "Note: see json-output.md")]
    [TestCase("[`domaincpu capabilities`](capabilities.md) and [x]", "domaincpu capabilities and [x]")]
    [TestCase("a \\| b, 2 * 3, `unclosed", "a | b, 2 * 3, `unclosed")]
    public void InlineMarkupIsReducedToItsText(string markdown, string text) => Assert.That(MarkdownText.Inline(markdown), Is.EqualTo(text));
}

using System.Text;
using System.Text.RegularExpressions;

namespace DomainCpu.Tests.Support;

/// <summary>
/// The command examples of the documentation (README.md, docs/*.md, docs/commands/*.md), so that a test runs each one
/// and the pages cannot drift from what the command prints. The convention (docs/README-examples in the test's words):
/// <list type="bullet">
/// <item>An example is a fenced block with the info string <c>console</c>. In it, a line <c>$ domaincpu ARGS</c> is a
/// command; the lines after it, up to the next <c>$</c> line or the end of the block, are what it prints: its standard
/// output, then its standard error. A line that is only <c>…</c> stands for any number of lines (output cut short).</item>
/// <item>A command may end with <c>&lt; FILE</c> (standard input), <c>&gt; FILE</c> (standard output into a file, then
/// not shown), and a shell comment; a comment that is or ends with <c>exit N</c> (<c># exit 1</c>, <c># many files; exit 1</c>)
/// says the exit code (0 when it says none).</item>
/// <item>The commands of a page run in a copy of <c>testdata/docs/PAGE/</c> (PAGE: the page's path without <c>docs/</c> and
/// <c>.md</c>),
/// after the commands before them in the same block (so a block may write a file and read it back). They run as if this
/// machine had no libvirt: the target is the default (libvirt 12.8), never this host's installation.</item>
/// <item><c>console not-run: REASON</c> marks a block that cannot run here (it needs a live host): its commands
/// are only parsed, and the test prints the reason.</item>
/// <item><c>console e2e: REASON</c> marks a block that needs libvirt's daemons and a defined guest (<c>virsh dumpxml vm1
/// | domaincpu …</c>): here its commands are only parsed; the end-to-end suite (tests/DomainCpu.EndToEnd) runs them
/// against each libvirt under test, the guest defined from the page's folder (<c>vm1.xml</c>), and compares what they
/// print with the page.</item>
/// <item>A synopsis (a command's usage, not something to run) is a block with the info string <c>synopsis</c>.</item>
/// </list>
/// Any other fenced block with a <c>domaincpu</c> command line is an unchecked example, which fails a test.
/// </summary>
public static partial class DocExamples
{
    /// <summary>The exit code in a command's comment: <c># exit 1</c>, or at the end, <c># many files; exit 1</c>.</summary>
    [GeneratedRegex(@"(?:^|; )exit (\d+)$")]
    private static partial Regex ExitComment();

    /// <summary>The line that stands for any number of output lines.</summary>
    public const string Elision = "…";

    public const string RunInfo = "console";
    public const string NotRunPrefix = "console not-run:";
    public const string EndToEndPrefix = "console e2e:";

    /// <summary>The pages whose examples are checked, relative to the repository root with '/' separators.</summary>
    public static IReadOnlyList<string> Pages(string root) =>
        new[] { "README.md" }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Select(p => "docs/" + Path.GetFileName(p)))
            .Concat(Directory.GetFiles(Path.Combine(root, "docs", "commands"), "*.md").Select(p => "docs/commands/" + Path.GetFileName(p)))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>A fenced block: its page, the line of its opening fence (1-based), its info string and its lines.</summary>
    public sealed record Block(string Page, int Line, string Info, IReadOnlyList<(int Line, string Text)> Lines);

    public static IReadOnlyList<Block> Blocks(string page, string markdown)
    {
        var blocks = new List<Block>();
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var open = lines[i].TrimStart();
            if (!open.StartsWith("```", StringComparison.Ordinal)) continue;
            var indent = lines[i].Length - open.Length;
            var body = new List<(int, string)>();
            var j = i + 1;
            for (; j < lines.Length && !lines[j].TrimStart().StartsWith("```", StringComparison.Ordinal); j++)
            {
                var text = lines[j];
                body.Add((j + 1, text.Length >= indent && string.IsNullOrWhiteSpace(text[..indent]) ? text[indent..] : text.TrimStart()));
            }
            blocks.Add(new Block(page, i + 1, open[3..].Trim(), body));
            i = j;
        }
        return blocks;
    }

    /// <summary>One command of a <c>console</c> block and what the page says it prints.</summary>
    public sealed record Example(
        string Page, int Line, string CommandLine, IReadOnlyList<string> Args, string? Stdin, string? StdoutFile,
        int ExitCode, IReadOnlyList<string> Expected, string? NotRun, IReadOnlyList<Example> Before)
    {
        public string Name => $"{Page}:{Line}";

        /// <summary>The folder the page's commands run in, relative to the repository root: testdata/docs/ and the page's path
        /// without <c>docs/</c> and <c>.md</c> (docs/commands/argv.md: testdata/docs/commands/argv).</summary>
        public string Folder => Path.Combine("testdata", "docs", (Page.StartsWith("docs/", StringComparison.Ordinal) ? Page[5..] : Page)[..^".md".Length]);

        public override string ToString() => Name;
    }

    public static IReadOnlyList<Example> Examples(Block block)
    {
        var notRun = block.Info.StartsWith(NotRunPrefix, StringComparison.Ordinal) ? block.Info[NotRunPrefix.Length..].Trim()
            : block.Info.StartsWith(EndToEndPrefix, StringComparison.Ordinal)
                ? $"run by the end-to-end suite against libvirt's daemons: {block.Info[EndToEndPrefix.Length..].Trim()}"
                : null;
        if (notRun is null && block.Info != RunInfo) return [];
        var examples = new List<Example>();
        for (var i = 0; i < block.Lines.Count; i++)
        {
            var (line, text) = block.Lines[i];
            if (!text.StartsWith("$ ", StringComparison.Ordinal))
                throw new FormatException($"{block.Page}:{line}: output before the first '$ ' command of a console block");
            var expected = new List<string>();
            while (i + 1 < block.Lines.Count && !block.Lines[i + 1].Text.StartsWith("$ ", StringComparison.Ordinal))
                expected.Add(block.Lines[++i].Text);
            examples.Add(Parse(block.Page, line, text[2..], expected, notRun, examples.ToList()));
        }
        return examples;
    }

    /// <summary>The lines of fenced blocks that are not checked but look like a command example.</summary>
    public static IEnumerable<string> UncheckedCommands(Block block)
    {
        if (block.Info == RunInfo || block.Info.StartsWith(NotRunPrefix, StringComparison.Ordinal) ||
            block.Info.StartsWith(EndToEndPrefix, StringComparison.Ordinal) || block.Info == "synopsis") yield break;
        foreach (var (line, text) in block.Lines)
        {
            var words = text.TrimStart().TrimStart('$').TrimStart();
            if (words.StartsWith("domaincpu ", StringComparison.Ordinal) || text.Contains("| domaincpu ", StringComparison.Ordinal))
                yield return $"{block.Page}:{line}: {text.Trim()}";
        }
    }

    private static Example Parse(string page, int line, string commandLine, List<string> expected, string? notRun, List<Example> before)
    {
        var words = Split(commandLine, out var comment);
        var exit = 0;
        if (comment is not null && ExitComment().Match(comment) is { Success: true } m) exit = int.Parse(m.Groups[1].Value);
        // A not-run command may be fed by another program (virsh dumpxml vm1 | domaincpu …): only domaincpu's part is parsed.
        var start = notRun is null ? 0 : words.LastIndexOf("domaincpu");
        if (start < 0 || words.Count <= start || words[start] != "domaincpu")
            throw new FormatException($"{page}:{line}: a console command must start with 'domaincpu': {commandLine}");
        string? stdin = null, stdout = null;
        var args = new List<string>();
        for (var k = start + 1; k < words.Count; k++)
        {
            if (words[k] is "<" or ">" && k + 1 < words.Count)
            {
                if (words[k] == "<") stdin = words[++k]; else stdout = words[++k];
            }
            else if (words[k] is "|" or ";" or "&&" or "<" or ">")
            {
                if (notRun is not null) break;
                throw new FormatException($"{page}:{line}: only '< FILE' and '> FILE' are run, not '{words[k]}': {commandLine}");
            }
            else args.Add(words[k]);
        }
        return new Example(page, line, commandLine, args, stdin, stdout, exit, expected, notRun, before);
    }

    /// <summary>Splits a shell command line into words (single and double quotes, a trailing <c># comment</c>).</summary>
    public static List<string> Split(string commandLine, out string? comment)
    {
        var words = new List<string>();
        comment = null;
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else if (c == '#' && !inWord)
            {
                comment = commandLine[(i + 1)..].Trim();
                break;
            }
            else if (c is '\'' or '"')
            {
                var end = commandLine.IndexOf(c, i + 1);
                if (end < 0) throw new FormatException($"unbalanced quote: {commandLine}");
                word.Append(commandLine, i + 1, end - i - 1);
                inWord = true;
                i = end;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    /// <summary>Whether <paramref name="actual"/> is what the page shows: the same lines, where an <see cref="Elision"/>
    /// line stands for any number of lines.</summary>
    public static bool Matches(IReadOnlyList<string> expected, IReadOnlyList<string> actual) => Matches(expected, 0, actual, 0);

    private static bool Matches(IReadOnlyList<string> e, int i, IReadOnlyList<string> a, int j)
    {
        while (i < e.Count && e[i] != Elision)
        {
            if (j >= a.Count || e[i] != a[j]) return false;
            i++;
            j++;
        }
        if (i == e.Count) return j == a.Count;
        for (var k = j; k <= a.Count; k++)
            if (Matches(e, i + 1, a, k)) return true;
        return false;
    }
}

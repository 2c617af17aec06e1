using System.CommandLine;
using System.Text.RegularExpressions;
using DomainCpu.Cli;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>README.md's command table and its paragraph on shared options say exactly what the command line has: every
/// option of every command (subcommands included) is in its row or, for the shared ones, in the paragraph with the list of
/// commands that take it; nothing is listed that the command does not take.</summary>
[TestFixture]
public partial class ReadmeOptionsTests
{
    /// <summary>The options the paragraph under the table describes for many commands at once (with <c>--help</c>).</summary>
    private static readonly string[] Shared = ["--libvirt", "--qemu", "--cpu-map", "--verbose", "--caps", "--domcaps", "--debug", "--help"];

    private static readonly string Readme = File.ReadAllText(Path.Combine(Golden.Root, "README.md"));

    private static RootCommand Root() => Program.BuildRoot(new CliContext(Stream.Null, Stream.Null, TextWriter.Null));

    /// <summary>The options of a command and of its subcommands, by name.</summary>
    private static HashSet<string> OptionsOf(Command command) =>
        command.Options.Where(o => !o.Hidden).Select(o => o.Name)
            .Concat(command.Subcommands.SelectMany(OptionsOf))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The command table: for each command (the first word of a row's first cell), the options its rows name.</summary>
    private static Dictionary<string, HashSet<string>> TableRows()
    {
        var rows = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var table = Readme[Readme.IndexOf("| command | does |", StringComparison.Ordinal)..];
        foreach (var line in table.Split('\n').Skip(2).TakeWhile(l => l.StartsWith('|')))
        {
            var spans = FirstCellCode(line);
            Assert.That(spans, Is.Not.Empty, $"a table row without a command in backticks: {line}");
            var name = spans[0].Split(' ')[0];
            if (!rows.TryGetValue(name, out var options)) rows[name] = options = new HashSet<string>(StringComparer.Ordinal);
            foreach (var span in spans) options.UnionWith(OptionName().Matches(span).Select(m => m.Value));
        }
        return rows;
    }

    [Test]
    public void EveryCommandHasARowAndEveryRowACommand()
    {
        var commands = Root().Subcommands.Select(c => c.Name).Append("--version").Order(StringComparer.Ordinal);
        Assert.That(TableRows().Keys.Order(StringComparer.Ordinal), Is.EqualTo(commands));
    }

    public static IEnumerable<TestCaseData> Commands() =>
        Root().Subcommands.Select(c => new TestCaseData(c.Name).SetName($"README row of {c.Name}"));

    [TestCaseSource(nameof(Commands))]
    public void TheRowListsEveryOptionOfTheCommandAndNoOther(string name)
    {
        var has = OptionsOf(Root().Subcommands.Single(c => c.Name == name));
        var listed = TableRows()[name];
        Assert.Multiple(() =>
        {
            Assert.That(has.Except(Shared).Except(listed).Order(), Is.Empty, $"options of {name} the README row does not list");
            Assert.That(listed.Except(has).Order(), Is.Empty, $"options the README row of {name} lists that the command does not take");
        });
    }

    /// <summary>The paragraph names the commands that take each shared option: <c>`--caps FILE` (argv, compare, …)</c>, and
    /// for the target options together, "on the commands that answer for a target (…)".</summary>
    [TestCase("--caps", "`--caps FILE` (")]
    [TestCase("--domcaps", "`--domcaps FILE`\n(")]
    [TestCase("--libvirt", "on the commands that answer for a target (")]
    [TestCase("--qemu", "on the commands that answer for a target (")]
    [TestCase("--cpu-map", "on the commands that answer for a target (")]
    [TestCase("--verbose", "on the commands that answer for a target (")]
    public void TheParagraphNamesTheCommandsThatTakeASharedOption(string option, string before)
    {
        var at = Readme.IndexOf(before, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"README does not say which commands take {option} ('{before}')");
        var list = Readme[(at + before.Length)..];
        var named = list[..list.IndexOf(')')].Replace('\n', ' ').Split(',').Select(s => s.Trim()).Order(StringComparer.Ordinal);
        var taking = Root().Subcommands.Where(c => c.Options.Any(o => o.Name == option)).Select(c => c.Name).Order(StringComparer.Ordinal);
        Assert.That(named, Is.EqualTo(taking), $"the commands that take {option}");
    }

    /// <summary>The code spans of a table row's first cell (which ends at the first '|' outside backticks).</summary>
    private static List<string> FirstCellCode(string row)
    {
        var spans = new List<string>();
        var i = 1;
        while (i < row.Length && row[i] != '|')
        {
            if (row[i] == '`')
            {
                var end = row.IndexOf('`', i + 1);
                spans.Add(row[(i + 1)..end]);
                i = end;
            }
            i++;
        }
        return spans;
    }

    [GeneratedRegex(@"--[a-z][a-z0-9-]*")]
    private static partial Regex OptionName();
}

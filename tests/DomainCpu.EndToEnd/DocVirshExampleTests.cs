using System.Xml.Linq;
using DomainCpu.EndToEnd.Support;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.EndToEnd;

/// <summary>
/// The documentation's examples that need libvirt's daemons (<c>```console e2e:</c> blocks: <c>virsh dumpxml vm1 |
/// domaincpu …</c>, which the doc tests only parse), run for real against each libvirt under test: the page's guest
/// (<c>testdata/docs/PAGE/vm1.xml</c>) defined, virsh's part of the pipeline run by that libvirt's virsh, domaincpu's
/// part as the installed command runs, and what it prints compared with the page. Then libvirt starts the guest: the
/// hook's verdict must be libvirt's, and <c>expand --live</c>'s <c>&lt;cpu&gt;</c> the live one.
/// </summary>
[TestFixtureSource(typeof(HookEndToEndTests), nameof(HookEndToEndTests.Releases))]
[NonParallelizable] // each example defines the same guest, vm1
public class DocVirshExampleTests(string release)
{
    private const string GuestName = "vm1";

    public static IEnumerable<TestCaseData> Examples() =>
        DocExamples.Pages(Repository.Root)
            .SelectMany(p => DocExamples.Blocks(p, File.ReadAllText(Path.Combine(Repository.Root, p))))
            .Where(b => b.Info.StartsWith(DocExamples.EndToEndPrefix, StringComparison.Ordinal))
            .SelectMany(DocExamples.Examples)
            .Select(e => new TestCaseData(e).SetArgDisplayNames(e.Name));

    [Test]
    public void TheDocumentationHasDaemonExamples() =>
        Assert.That(Examples().Count(), Is.GreaterThanOrEqualTo(3), "the hook and validation pages' virsh examples are found");

    [TestCaseSource(nameof(Examples))]
    public void Example(DocExamples.Example example)
    {
        var stack = Stack.For(release);
        var feeder = Feeder(example);
        var guest = stack.Stage(Path.Combine(Repository.Root, example.Folder, GuestName + ".xml"));
        var chain = new VirshChain()
            .Step(GuestName, "define", $"define '{guest}'")
            .Step(GuestName, "feed", feeder)
            .Step(GuestName, "start", $"start --paused {GuestName}")
            .Step(GuestName, "live", $"dumpxml {GuestName}")
            .Step(GuestName, "destroy", $"destroy {GuestName}")
            .Step(GuestName, "undefine", $"undefine {GuestName}");
        var steps = VirshChain.Split(stack.Virsh(chain.ToString()));
        string Out(string step) => steps.GetValueOrDefault((GuestName, step), $"error: no output of step {step}");
        Assert.That(Out("define"), Does.Contain($"Domain '{GuestName}' defined"), $"libvirt {release} defines the page's guest");

        var stdin = Out("feed").Trim() + "\n";
        var run = Domaincpu.Run(stack.Root, stdin, [.. example.Args]);
        var output = run.Stdout + run.Stderr;
        var actual = output.Length == 0 ? [] : output.TrimEnd('\n').Split('\n');
        Assert.That(DocExamples.Matches(example.Expected, actual), Is.True,
            $"{example.Name}: `{example.CommandLine}` against libvirt {release} prints something else than the page shows " +
            $"(a '{DocExamples.Elision}' line stands for any lines):\n--- page\n{string.Join('\n', example.Expected)}\n--- command\n{output}");
        Assert.That(run.ExitCode, Is.EqualTo(example.ExitCode), $"{example.Name}: exit code");

        var started = Out("start").Contains($"Domain '{GuestName}' started", StringComparison.Ordinal);
        switch (example.Args[0])
        {
            case "hook":
                Assert.That(run.ExitCode == 0, Is.EqualTo(started), $"the hook's verdict is libvirt's start: {Out("start").Trim()}");
                break;
            case "expand":
                Assert.That(started, Is.True, $"libvirt starts the page's guest: {Out("start").Trim()}");
                var live = Cpu(Out("live"));
                var predicted = Cpu(run.Stdout);
                Assert.That(XNode.DeepEquals(live, predicted), Is.True, $"expand --live's <cpu> is libvirt's live one:\nlibvirt: {live}\nexpand:  {predicted}");
                break;
            case "validate":
                Assert.That(started, Is.True, $"a guest validate accepts, libvirt starts: {Out("start").Trim()}");
                break;
        }
    }

    /// <summary>virsh's part of the example's pipeline (<c>virsh dumpxml vm1 | …</c>), as a virsh command.</summary>
    private static string Feeder(DocExamples.Example example)
    {
        var words = DocExamples.Split(example.CommandLine, out _);
        var pipe = words.IndexOf("|");
        if (pipe < 2 || words[0] != "virsh")
            throw new FormatException($"{example.Name}: an end-to-end example is 'virsh … | domaincpu …': {example.CommandLine}");
        return string.Join(' ', words.Take(pipe).Skip(1));
    }

    /// <summary>The <c>&lt;cpu&gt;</c> of a domain XML in a command's output (whitespace between elements dropped).</summary>
    private static XElement? Cpu(string output)
    {
        var at = output.IndexOf("<domain", StringComparison.Ordinal);
        return at < 0 ? null : XDocument.Parse(output[at..].Trim()).Root?.Element("cpu");
    }
}

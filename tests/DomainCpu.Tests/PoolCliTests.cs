using System.Text;
using System.Text.Json;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Cli;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>Pools of hosts on the command line: <c>baseline</c>, <c>compare --hosts</c> and <c>policy pool</c> take
/// files, directories and standard input with many documents; every way of giving the same hosts gives the same
/// answer; a bad document among many is the one named; a progress line shows only where it should.</summary>
[TestFixture]
public class PoolCliTests
{
    private static readonly string[] Models = { "Lake-1", "Lake-2", "Lake-3", "Lake-3-noTSX" };
    private static readonly string[] Extras = LibvirtCpuMap.LoadDirectory(CompareGoldenTests.MiniMap).Features.Select(f => f.Name).ToArray();

    private string _dir = null!;

    [SetUp]
    public void MakeDir() => _dir = Directory.CreateTempSubdirectory("domaincpu-pool-").FullName;

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, true);

    private static string HostCpu(Random rng, int indent)
    {
        var pad = new string(' ', indent);
        var sb = new StringBuilder($"{pad}<cpu>\n{pad}  <arch>x86_64</arch>\n{pad}  <model>{Models[rng.Next(Models.Length)]}</model>\n{pad}  <vendor>Intel</vendor>\n");
        sb.Append($"{pad}  <microcode version='{rng.Next(1000)}'/>\n{pad}  <signature family='6' model='{rng.Next(200)}' stepping='{rng.Next(16)}'/>\n");
        sb.Append($"{pad}  <topology sockets='1' dies='1' cores='{1 + rng.Next(32)}' threads='2'/>\n{pad}  <maxphysaddr mode='emulate' bits='46'/>\n");
        foreach (var f in Extras.Where(_ => rng.Next(3) > 0)) sb.Append($"{pad}  <feature name='{f}'/>\n");
        return sb.Append($"{pad}  <pages unit='KiB' size='4'/>\n{pad}</cpu>\n").ToString();
    }

    private static string Capabilities(string cpu) =>
        $"<capabilities>\n\n  <host>\n    <uuid>00000000-0000-0000-0000-000000000000</uuid>\n{cpu}    <power_management/>\n  </host>\n\n" +
        "  <guest>\n    <os_type>hvm</os_type>\n    <arch name='x86_64'>\n      <machine maxCpus='255'>pc-i440fx-7.2</machine>\n    </arch>\n  </guest>\n\n</capabilities>\n";

    /// <summary>Writes <paramref name="count"/> capabilities documents into caps/ and returns their host CPUs.</summary>
    private List<string> WriteCapabilities(int count, int seed)
    {
        var rng = new Random(seed);
        Directory.CreateDirectory(Path.Combine(_dir, "caps"));
        var cpus = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var cpu = HostCpu(rng, 4);
            cpus.Add(cpu);
            File.WriteAllText(Path.Combine(_dir, "caps", $"host-{i:D3}.xml"), Capabilities(cpu));
        }
        return cpus;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static CliHarness.Result Run(params string[] args) => CliHarness.Run([args[0], "--cpu-map", CompareGoldenTests.MiniMap, .. args[1..]]);

    private static CliHarness.Result RunWithInput(string stdin, params string[] args) =>
        CliHarness.RunWithInput(Encoding.UTF8.GetBytes(stdin), [args[0], "--cpu-map", CompareGoldenTests.MiniMap, .. args[1..]]);

    [TestCase("")]
    [TestCase("--features")]
    public void EveryWayOfGivingTheSameHostsGivesTheSameBaseline(string flag)
    {
        var cpus = WriteCapabilities(40, 1);
        var flags = flag.Length == 0 ? Array.Empty<string>() : new[] { flag };
        var caps = Path.Combine(_dir, "caps");
        var files = Directory.GetFiles(caps).Order(StringComparer.Ordinal).ToArray();
        var oneFile = Write("hosts.xml", string.Concat(cpus));
        var expected = Run(new[] { "baseline" }.Concat(flags).Append(oneFile).ToArray());
        Assert.That(expected.ExitCode, Is.EqualTo(0), expected.Stderr);
        Assert.That(expected.StdoutText, Does.Contain("<model"));
        var ways = new Dictionary<string, CliHarness.Result>
        {
            ["a directory"] = Run(new[] { "baseline" }.Concat(flags).Append(caps).ToArray()),
            ["every file"] = Run(new[] { "baseline" }.Concat(flags).Concat(files).ToArray()),
            ["a directory and a file"] = Run(new[] { "baseline" }.Concat(flags).Append(caps).Append(files[0]).ToArray()),
            ["documents one after the other on stdin"] = RunWithInput(string.Concat(files.Select(File.ReadAllText)), new[] { "baseline" }.Concat(flags).Append("-").ToArray()),
        };
        foreach (var (way, r) in ways)
        {
            Assert.That((r.ExitCode, r.StdoutText, r.Stderr), Is.EqualTo((0, expected.StdoutText, "")), way);
        }
    }

    [Test]
    public void WhatTheStreamingReaderLeavesIsReadTheGeneralWay()
    {
        var rng = new Random(2);
        var cpus = Enumerable.Range(0, 30).Select(_ => HostCpu(rng, 0)).ToList();
        var plain = Run("baseline", Write("plain.xml", string.Concat(cpus)));
        // A CDATA section and a comment in a name: the streaming reader gives up there, the general path reads them.
        var odd = cpus.Select((c, i) => i == 17 ? c.Replace("<vendor>Intel</vendor>", "<vendor><![CDATA[Int]]><!-- x -->el</vendor>") : c);
        var oddText = string.Concat(odd);
        Assert.That(Run("baseline", Write("odd.xml", oddText)).StdoutText, Is.EqualTo(plain.StdoutText));
        Assert.That(RunWithInput(oddText, "baseline", "-").StdoutText, Is.EqualTo(plain.StdoutText));
        Assert.That(plain.ExitCode, Is.EqualTo(0), plain.Stderr);
    }

    [Test]
    public void AMalformedDocumentAmongManyIsTheOneNamed()
    {
        WriteCapabilities(40, 3);
        var bad = Path.Combine(_dir, "caps", "host-027.xml");
        File.WriteAllText(bad, File.ReadAllText(bad).Replace("<power_management/>", "<power_management>"));
        var r = Run("baseline", Path.Combine(_dir, "caps"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.Stderr, Does.StartWith(Path.Combine(_dir, "caps", "host-027.xml") + ":"));
        Assert.That(r.Stderr, Does.Contain("[DC0001]"));
    }

    /// <summary>The parts of a capabilities document that are only checked (here the guest, the same bytes in every
    /// file but one) are checked in every file: a fault in one is named at its line and column.</summary>
    [Test]
    public void AFaultInTheSkippedPartOfOneDocumentIsNamedWhereItIs()
    {
        WriteCapabilities(40, 6);
        var bad = Path.Combine(_dir, "caps", "host-031.xml");
        var text = File.ReadAllText(bad).Replace("<machine maxCpus='255'>", "<machine maxCpus='255' maxCpus='255'>");
        File.WriteAllText(bad, text);
        var at = text.IndexOf(" maxCpus='255'>", StringComparison.Ordinal);
        var line = text[..at].Count(c => c == '\n') + 1;
        var column = at - text.LastIndexOf('\n', at) + 1;
        foreach (var args in new[] { new[] { "baseline", Path.Combine(_dir, "caps") }, new[] { "compare", "--hosts", Path.Combine(_dir, "caps"), Write("g.xml", GuestXml) } })
        {
            var r = Run(args);
            Assert.That((r.ExitCode, r.StdoutText), Is.EqualTo((1, "")), args[0]);
            Assert.That(r.Stderr, Does.StartWith($"{bad}:{line}:{column}: error: [DC0001] "), args[0]);
        }
    }

    [Test]
    public void AMalformedCpuInAPoolFileIsTheOneNamed()
    {
        var rng = new Random(4);
        var cpus = Enumerable.Range(0, 30).Select(_ => HostCpu(rng, 0)).ToList();
        cpus[20] = cpus[20].Replace("</model>", "</modle>");
        var line = string.Concat(cpus.Take(20)).Count(c => c == '\n') + 3;
        var r = Run("baseline", Write("pool.xml", string.Concat(cpus)));
        Assert.That((r.ExitCode, r.StdoutText), Is.EqualTo((1, "")));
        Assert.That(r.Stderr, Does.StartWith(Path.Combine(_dir, "pool.xml") + $":{line}:"), "the error is where the pool is broken");
    }

    [Test]
    public void AnUnknownFeatureAmongManyHostsIsNamedWhereItIs()
    {
        var cpus = WriteCapabilities(30, 5);
        var bad = Path.Combine(_dir, "caps", "host-012.xml");
        File.WriteAllText(bad, File.ReadAllText(bad).Replace("<pages", "<feature name='no-such-feature'/>\n      <pages"));
        foreach (var args in new[] { new[] { "baseline", Path.Combine(_dir, "caps") }, new[] { "compare", "--hosts", Path.Combine(_dir, "caps"), Write("g.xml", GuestXml) } })
        {
            var r = Run(args);
            Assert.That((r.ExitCode, r.StdoutText), Is.EqualTo((1, "")), args[0]);
            Assert.That(r.Stderr, Is.EqualTo($"{bad}:5:6: error: [DC1002] Unknown CPU feature no-such-feature\n"), args[0]);
        }
    }

    private const string GuestXml = "<cpu mode='custom' match='exact'>\n  <model fallback='forbid'>Lake-2</model>\n  <feature policy='require' name='vmx'/>\n</cpu>\n";

    /// <summary>A directory's files are read ahead on helper threads, a window of files at a time; files named one
    /// by one are read in turn by the caller. Both give every host in file order, beyond several windows.</summary>
    [Test]
    public void ADirectoryReadAheadGivesTheHostsInFileOrder()
    {
        WriteCapabilities(300, 11);
        var caps = Path.Combine(_dir, "caps");
        var guest = Write("guest.xml", GuestXml);
        var files = Directory.GetFiles(caps).Order(StringComparer.Ordinal).ToArray();
        var byDirectory = Run("compare", "--hosts", caps, guest);
        var oneByOne = Run(new[] { "compare" }.Concat(files.SelectMany(f => new[] { "--hosts", f })).Append(guest).ToArray());
        var lines = byDirectory.StdoutText.TrimEnd('\n').Split('\n');
        Assert.That(lines, Has.Length.EqualTo(301));
        Assert.That(lines.Take(300).Select(l => l[..l.IndexOf(": ", StringComparison.Ordinal)]), Is.EqualTo(files));
        Assert.That((byDirectory.ExitCode, byDirectory.StdoutText, byDirectory.Stderr), Is.EqualTo((oneByOne.ExitCode, oneByOne.StdoutText, oneByOne.Stderr)));
    }

    [Test]
    public void CompareWithManyHostsGivesOneLinePerHostAndWhetherAllCanRunTheGuest()
    {
        WriteCapabilities(20, 6);
        var caps = Path.Combine(_dir, "caps");
        var guest = Write("guest.xml", GuestXml);
        var r = Run("compare", "--hosts", caps, guest);
        var lines = r.StdoutText.TrimEnd('\n').Split('\n');
        Assert.That(lines, Has.Length.EqualTo(21));
        var files = Directory.GetFiles(caps).Order(StringComparer.Ordinal).ToArray();
        for (var i = 0; i < 20; i++)
        {
            var single = Run("compare", "--caps", files[i], "--json", guest);
            var verdict = JsonDocument.Parse(single.StdoutText).RootElement.GetProperty("result").GetString();
            var reason = JsonDocument.Parse(single.StdoutText).RootElement.GetProperty("reason").GetString();
            Assert.That(lines[i], Is.EqualTo(Path.Combine(caps, Path.GetFileName(files[i])) + ": " + verdict + (verdict == "incompatible" ? ": " + reason : "")));
        }
        var runnable = lines.Take(20).Count(l => !l.Contains(": incompatible"));
        Assert.That(runnable, Is.InRange(1, 19), "the pool should mix hosts that can and cannot run the guest");
        Assert.That(lines[20], Is.EqualTo($"{runnable} of 20 hosts can run the CPU described in {guest}"));
        Assert.That(r.ExitCode, Is.EqualTo(1), "a host cannot run the guest");

        var someCan = Directory.GetFiles(caps).Order(StringComparer.Ordinal).Where((_, i) => !lines[i].Contains(": incompatible")).ToArray();
        var all = Run(new[] { "compare" }.Concat(someCan.SelectMany(f => new[] { "--hosts", f })).Append(guest).ToArray());
        Assert.That((all.ExitCode, all.StdoutText.Split('\n')[^2]), Is.EqualTo((0, $"{runnable} of {runnable} hosts can run the CPU described in {guest}")));
    }

    [Test]
    public void CompareWithManyHostsInJsonNamesEachHostAndCountsThem()
    {
        var rng = new Random(7);
        var first = HostCpu(rng, 0);
        var second = first.Count(c => c == '\n') + 1;
        var pool = Write("pool.xml", first + HostCpu(rng, 0));
        var caps = Write("one.xml", Capabilities(HostCpu(rng, 4)));
        var r = Run("compare", "--json", "--hosts", pool, "--hosts", caps, Write("guest.xml", GuestXml));
        Assert.That(r.ExitCode, Is.AnyOf(0, 1), r.Stderr);
        var root = JsonDocument.Parse(r.StdoutText).RootElement;
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.That(results.Select(h => h.GetProperty("host").GetString()), Is.EqualTo(new[] { $"{pool}:1:2", $"{pool}:{second}:2", caps }));
        Assert.That(results.Select(h => (h.GetProperty("line").GetInt32(), h.GetProperty("column").GetInt32())), Is.EqualTo(new[] { (1, 2), (second, 2), (5, 6) }));
        var canRun = results.Count(h => h.GetProperty("canRun").GetBoolean());
        Assert.That((root.GetProperty("hosts").GetInt32(), root.GetProperty("canRun").GetInt32(), root.GetProperty("cannotRun").GetInt32()), Is.EqualTo((3, canRun, 3 - canRun)));
        Assert.That(r.ExitCode, Is.EqualTo(canRun == 3 ? 0 : 1));
        Assert.That(results.All(h => h.TryGetProperty("missing", out _) && h.TryGetProperty("extra", out _) && h.TryGetProperty("reason", out _)));
        Assert.That(r.StdoutText.Split('\n').Count(l => l.TrimStart().StartsWith("{\"host\"", StringComparison.Ordinal)), Is.EqualTo(3), "one line per host");
    }

    [Test]
    public void CompareTakesHostsFromOneOptionOnly()
    {
        var guest = Write("guest.xml", GuestXml);
        var host = Write("host.xml", HostCpu(new Random(8), 0));
        Assert.That(Run("compare", "--caps", host, "--hosts", host, guest).ExitCode, Is.EqualTo(2));
        Assert.That(RunWithInput(GuestXml, "compare", "--hosts", "-", "-").ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void AnEmptyDirectoryIsAUsageError()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        var r = Run("baseline", Path.Combine(_dir, "empty"));
        Assert.That((r.ExitCode, r.Stderr), Is.EqualTo((2, $"domaincpu: {Path.Combine(_dir, "empty")}: a directory without *.xml files\n")));
    }

    [Test]
    public void PolicyPoolNamesTheHostsOfADirectoryAndOfAPoolFile()
    {
        WriteCapabilities(3, 9);
        var rng = new Random(10);
        var first = HostCpu(rng, 0);
        var pool = Write("pool.xml", first + HostCpu(rng, 0));
        var r = Run("policy", "pool", "--json", Write("guest.xml", GuestXml), Path.Combine(_dir, "caps"), pool);
        var hosts = JsonDocument.Parse(r.StdoutText).RootElement.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("host").GetString()).ToList();
        var caps = Path.Combine(_dir, "caps");
        Assert.That(hosts, Is.EqualTo(new[] { Path.Combine(caps, "host-000.xml"), Path.Combine(caps, "host-001.xml"), Path.Combine(caps, "host-002.xml"), $"{pool}:1:2", $"{pool}:{first.Count(c => c == '\n') + 1}:2" }));
    }

    [TestCase(true, false, true)]
    [TestCase(true, true, false)]
    [TestCase(false, false, false)]
    public void AProgressLineShowsOnlyOnATerminalAndNotWhenQuiet(bool terminal, bool quiet, bool shown)
    {
        var rng = new Random(11);
        var pool = Write("pool.xml", string.Concat(Enumerable.Range(0, 200).Select(_ => HostCpu(rng, 0))));
        using var stdin = new MemoryStream();
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var args = new[] { "baseline", "--cpu-map", CompareGoldenTests.MiniMap, pool }.Concat(quiet ? new[] { "--quiet" } : Array.Empty<string>()).ToArray();
        var code = Program.Run(args, new CliContext(stdin, stdout, stderr) { StderrIsTerminal = terminal, ProgressAfter = TimeSpan.Zero });
        Assert.That(code, Is.EqualTo(0));
        if (!shown)
        {
            Assert.That(stderr.ToString(), Is.Empty);
            return;
        }
        Assert.That(stderr.ToString(), Does.Match(@"^\rdomaincpu: [0-9,]+ host CPUs read from 1 file \([0-9.]+ s\)"));
        Assert.That(stderr.ToString(), Does.EndWith("\r"), "the line is cleared at the end");
    }
}

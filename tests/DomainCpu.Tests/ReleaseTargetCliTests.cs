using System.Text;
using System.Text.Json;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>Every command answers as the libvirt release <c>--libvirt</c> names (default: the newest): what the
/// release lacks is a finding that names the release that added it, never kept or dropped silently; <c>--verbose</c>
/// and <c>--json</c> say which release answered.</summary>
[TestFixture]
public class ReleaseTargetCliTests
{
    /// <summary>The domain of issue 16: a libvirt 11 domain with clusters and 4 vCPUs.</summary>
    private const string ClustersDomain = """
        <domain type='kvm'>
          <name>guest</name>
          <memory unit='KiB'>1048576</memory>
          <vcpu placement='static'>4</vcpu>
          <os>
            <type arch='x86_64' machine='pc-q35-10.0'>hvm</type>
          </os>
          <cpu mode='host-passthrough' migratable='on'>
            <topology sockets='1' dies='1' clusters='2' cores='2' threads='1'/>
          </cpu>
        </domain>
        """;

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string DomCaps => Path.Combine(Golden.Root, "examples", "ManageCpu", "domcapabilities.xml");

    [TestCase("11.3")]
    [TestCase("12.8")]
    public void ClustersAreValidFromTheirRelease(string release)
    {
        var r = CliHarness.RunWithInput(Bytes(ClustersDomain), "validate", "--libvirt", release, "-");
        Assert.That((r.ExitCode, r.Stderr), Is.EqualTo((0, "1 file, 0 errors, 0 warnings\n")), "4 vCPUs = 1 socket × 1 die × 2 clusters × 2 cores × 1 thread");
    }

    [Test]
    public void ClustersBeforeTheirReleaseNameTheReleaseThatAddedThem()
    {
        var r = CliHarness.RunWithInput(Bytes(ClustersDomain), "validate", "--libvirt", "9.0", "-");
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain("-:9:36: error: [DC0200] clusters needs libvirt 10.1 or later (the target is libvirt 9.0)"));
        Assert.That(r.Stderr, Does.Not.Contain("DC0100"), "a finding that names the release, not raw XSD text");
    }

    [TestCase("format")]
    [TestCase("migratable")]
    [TestCase("diff")]
    public void EveryCommandRefusesWhatTheReleaseLacks(string command)
    {
        var args = command == "diff" ? new[] { "--libvirt", "9.0", command, "-", Path.Combine(Golden.Root, "samples", "domain.xml") } : ["--libvirt", "9.0", command, "-"];
        var r = CliHarness.RunWithInput(Bytes(ClustersDomain), args);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.Stderr, Does.Contain("[DC0200] clusters needs libvirt 10.1 or later"));
    }

    [Test]
    public void ExpandRefusesWhatTheReleaseLacks()
    {
        var r = CliHarness.RunWithInput(Bytes(ClustersDomain), "--libvirt", "9.0", "expand", "--live", "--domcaps", DomCaps, "-");
        Assert.That((r.ExitCode, r.Stdout.Length), Is.EqualTo((1, 0)), r.Stderr);
        Assert.That(r.Stderr, Does.Contain("[DC0200] clusters needs libvirt 10.1 or later"));
    }

    [Test]
    public void ArgvRefusesWhatTheReleaseLacks()
    {
        var r = CliHarness.RunWithInput(Bytes(ClustersDomain), "--libvirt", "9.0", "argv", "-");
        Assert.That((r.ExitCode, r.Stdout.Length), Is.EqualTo((1, 0)), r.Stderr);
        Assert.That(r.Stderr, Does.Contain("[DC0200] clusters needs libvirt 10.1 or later"));
    }

    [Test]
    public void FormatWritesTheTopologyAsEachReleaseDoes()
    {
        var plain = ClustersDomain.Replace(" clusters='2'", "", StringComparison.Ordinal).Replace(" dies='1'", "", StringComparison.Ordinal);
        string Topology(string release)
        {
            var r = CliHarness.RunWithInput(Bytes(plain), "--libvirt", release, "format", "-");
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            return r.StdoutText.Split('\n').Single(l => l.Contains("<topology", StringComparison.Ordinal)).Trim();
        }
        Assert.That(Topology("9.0"), Is.EqualTo("<topology sockets='1' dies='1' cores='2' threads='1'/>"));
        Assert.That(Topology("10.0"), Is.EqualTo("<topology sockets='1' dies='1' cores='2' threads='1'/>"), "a release between profiles has the rules up to it");
        Assert.That(Topology("10.1"), Is.EqualTo("<topology sockets='1' dies='1' clusters='1' cores='2' threads='1'/>"));
        Assert.That(Topology("11.3"), Is.EqualTo("<topology sockets='1' dies='1' clusters='1' cores='2' threads='1'/>"));
        Assert.That(Topology("12.8"), Is.EqualTo("<topology sockets='1' dies='1' clusters='1' cores='2' threads='1'/>"));
    }

    [Test]
    public void WithoutLibvirtTheNewestReleaseAnswers()
    {
        var r = CliHarness.RunWithInput(Bytes(ClustersDomain), "format", "-");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.StdoutText, Does.Contain("clusters='2'"));
    }

    [Test]
    public void VerboseSaysWhichReleaseAnswersAndWhy()
    {
        var byDefault = CliHarness.RunWithInput(Bytes(ClustersDomain), "validate", "--verbose", "-");
        Assert.That(byDefault.ExitCode, Is.EqualTo(0));
        // validate checks names against the target's CPU models too, so it names them.
        Assert.That(byDefault.Stderr, Does.StartWith("domaincpu: target: libvirt 12.8 (the default (the newest supported libvirt)), CPU models from ")
            .And.EndWith("\n1 file, 0 errors, 0 warnings\n"));
        var asked = CliHarness.RunWithInput(Bytes(ClustersDomain), "--verbose", "--libvirt", "11.3", "format", "-");
        Assert.That(asked.Stderr, Is.EqualTo("domaincpu: target: libvirt 11.3 (--libvirt)\n"));
        Assert.That(asked.StdoutText, Does.Not.Contain("domaincpu:"), "stdout holds only the document");
    }

    [Test]
    public void JsonSaysWhichReleaseAnswered()
    {
        var v = CliHarness.RunWithInput(Bytes(ClustersDomain), "validate", "--json", "--libvirt", "9.0", "-");
        using (var doc = JsonDocument.Parse(v.Stdout))
        {
            Assert.That(doc.RootElement.EnumerateArray().Select(f => f.GetProperty("libvirt").GetString()).Distinct(), Is.EqualTo(new[] { "9.0" }));
        }
        var f = CliHarness.RunWithInput(Bytes(ClustersDomain), "format", "--json", "--libvirt", "11.3", "-");
        using var formatted = JsonDocument.Parse(f.Stdout);
        Assert.That(formatted.RootElement.GetProperty("libvirt").GetString(), Is.EqualTo("11.3"));
        Assert.That(formatted.RootElement.GetProperty("cpu").GetProperty("topology").GetProperty("clusters").GetInt32(), Is.EqualTo(2));
    }

    [TestCase("8.0")]
    [TestCase("13.0")]
    public void AReleaseOutsideTheSupportedRangeIsAUsageError(string release)
    {
        var r = CliHarness.RunWithInput(Bytes(ClustersDomain), "validate", "--libvirt", release, "-");
        Assert.That((r.ExitCode, r.Stdout.Length), Is.EqualTo((2, 0)));
        Assert.That(r.Stderr, Does.StartWith($"domaincpu: libvirt {release} is not supported"));
    }
}

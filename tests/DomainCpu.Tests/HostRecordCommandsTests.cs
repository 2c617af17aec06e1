using System.Text;
using System.Text.Json;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>On a host where libvirt has run, <c>hook</c>, <c>expand --live</c> and <c>argv</c> answer from libvirt's
/// cached record of the guest's QEMU binary with no file named; with nothing cached they say that no host data was
/// given. The host is a folder with our small record (testdata/host-record) in libvirt's cache.</summary>
[TestFixture]
public class HostRecordCommandsTests
{
    private string _root = "";

    private static string Record => Path.Combine(Golden.Root, "testdata", "host-record", "qemucaps.x86_64.xml");

    [SetUp]
    public void MakeRoot()
    {
        _root = Path.Combine(Path.GetTempPath(), $"domaincpu-hostrecord-{Environment.ProcessId}-{TestContext.CurrentContext.Test.Name.GetHashCode():x}");
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        var cache = Path.Combine(_root, "var", "cache", "libvirt", "qemu", "capabilities");
        Directory.CreateDirectory(cache);
        File.Copy(Record, Path.Combine(cache, "0f1e2d.xml"));
    }

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    private static byte[] Guest(string cpu, string type = "qemu", string emulator = "/usr/bin/qemu-system-x86_64") => Encoding.UTF8.GetBytes($"""
        <domain type='{type}'>
          <name>vm1</name>
          <memory unit='MiB'>64</memory>
          <vcpu>1</vcpu>
          <os>
            <type arch='x86_64' machine='q35'>hvm</type>
          </os>
          {cpu}
          <devices>
            <emulator>{emulator}</emulator>
          </devices>
        </domain>
        """);

    private CliHarness.Result Prepare(byte[] guest, string? config = null)
    {
        var conf = config ?? Path.Combine(_root, "empty-hook.conf");
        if (config is null) File.WriteAllText(conf, "# nothing named: the hook reads what libvirt cached\n");
        return CliHarness.RunOnHost(_root, guest, "hook", "--config", conf, "vm1", "prepare", "begin", "-");
    }

    [Test]
    public void TheHookRefusesAModeTheRecordDoesNotOffer()
    {
        var r = Prepare(Guest("<cpu mode='host-passthrough'/>"));
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stderr, Does.Contain("[DC0602] CPU mode 'host-passthrough' for x86_64 qemu domain on x86_64 host is not supported by hypervisor"));
    }

    [Test]
    public void TheHookLetsStartWhatTheRecordedHostRuns()
    {
        foreach (var cpu in new[] { "<cpu mode='host-model'/>", "<cpu mode='maximum'/>", "<cpu><model>Westmere</model></cpu>" })
        {
            var r = Prepare(Guest(cpu));
            Assert.That(r.ExitCode, Is.EqualTo(0), $"{cpu}: {r.Stderr}");
            Assert.That(r.Stdout, Is.Empty);
        }
    }

    [Test]
    public void UnderTcgAnInvariantTscIsRefusedAfterQemuStarts()
    {
        // check='none' lets QEMU drop what TCG lacks; libvirt then checks the started vCPU for the invariant TSC.
        var invtsc = Prepare(Guest("<cpu mode='custom' match='exact' check='none'><model>qemu64</model><feature policy='require' name='invtsc'/></cpu>"));
        Assert.That(invtsc.ExitCode, Is.EqualTo(1), invtsc.Stderr);
        Assert.That(invtsc.Stderr, Does.Contain("[DC1401] host doesn't support invariant TSC"));
        var without = Prepare(Guest("<cpu mode='custom' match='exact' check='none'><model>qemu64</model><feature policy='disable' name='invtsc'/></cpu>"));
        Assert.That(without.ExitCode, Is.EqualTo(0), without.Stderr);
    }

    [Test]
    public void UnderTcgTheRecordedEmulationIsTheHost()
    {
        // The machine running the tests may well have avx512f; QEMU's TCG recorded here has not.
        var r = Prepare(Guest("<cpu mode='custom' match='exact' check='partial'><model>qemu64</model><feature policy='require' name='avx512f'/></cpu>"));
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stderr, Does.Contain("[DC0607] the CPU is incompatible with host CPU: Host CPU does not provide required features: avx512f"));
    }

    [Test]
    public void OnlyTheFeaturesTheHostCpuListsAreForbiddenOutsideCheckPartial()
    {
        // sse2 comes with the host's model (qemu64), aes is listed beside it: libvirt's forbidden-feature check sees the latter only.
        var byModel = Prepare(Guest("<cpu mode='custom' match='exact' check='full'><model>qemu64</model><feature policy='forbid' name='sse2'/></cpu>"));
        var listed = Prepare(Guest("<cpu mode='custom' match='exact' check='full'><model>qemu64</model><feature policy='forbid' name='aes'/></cpu>"));
        Assert.That(byModel.Stderr, Does.Not.Contain("forbidden"));
        Assert.That(listed.ExitCode, Is.EqualTo(1), listed.Stderr);
        Assert.That(listed.Stderr, Does.Contain("[DC0606] the CPU is incompatible with host CPU: Host CPU provides forbidden feature 'aes'"));
    }

    [Test]
    public void WithoutARecordTheHookSaysItCannotCheck()
    {
        var r = Prepare(Guest("<cpu mode='host-passthrough'/>", emulator: "/usr/bin/qemu-system-aarch64"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stderr, Does.Contain("no host data for /usr/bin/qemu-system-aarch64").And.Contain("not checking"));
    }

    [Test]
    public void NamedFilesReplaceTheCachedRecord()
    {
        // The configuration's captured files describe the host, not the cache: a domain capabilities file offering
        // host-passthrough lets the start go on.
        var dir = Path.Combine(Golden.Root, "testdata", "hook", "prepare-passthrough-ok");
        var conf = Path.Combine(_root, "named.conf");
        File.WriteAllText(conf, $"domcaps = {Path.Combine(dir, "domcaps.xml")}\ncaps = {Path.Combine(dir, "caps.xml")}\n");
        var r = Prepare(File.ReadAllBytes(Path.Combine(dir, "domain.xml")), conf);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
    }

    [Test]
    public void TheConfigurationNamesAReleaseAndACpuMap()
    {
        var conf = Path.Combine(_root, "release.conf");
        File.WriteAllText(conf, "libvirt = nine\n");
        var bad = Prepare(Guest("<cpu mode='host-model'/>"), conf);
        Assert.That(bad.ExitCode, Is.EqualTo(1));
        Assert.That(bad.Stderr, Does.StartWith($"{conf}:1:1: error:").And.Contain("expected a libvirt release such as 9.0, found 'nine'"));
        File.WriteAllText(conf, $"libvirt = 9.0\ncpu-map = {Path.Combine(_root, "no-such-map")}\n");
        var missing = Prepare(Guest("<cpu mode='host-model'/>"), conf);
        Assert.That(missing.ExitCode, Is.EqualTo(2));
        Assert.That(missing.Stderr, Does.Contain("no-such-map: no such directory"));
    }

    [Test]
    public void TheConfigurationNamesAQemuRelease()
    {
        var conf = Path.Combine(_root, "qemu.conf");
        File.WriteAllText(conf, "qemu = ten\n");
        var bad = Prepare(Guest("<cpu mode='host-model'/>"), conf);
        Assert.That(bad.ExitCode, Is.EqualTo(1));
        Assert.That(bad.Stderr, Does.StartWith($"{conf}:1:1: error:").And.Contain("expected a QEMU release such as 10.0, found 'ten'"));
        var dir = Path.Combine(Golden.Root, "testdata", "hook", "prepare-passthrough-ok");
        File.WriteAllText(conf, $"qemu = 10.0\ndomcaps = {Path.Combine(dir, "domcaps.xml")}\ncaps = {Path.Combine(dir, "caps.xml")}\n");
        var named = Prepare(File.ReadAllBytes(Path.Combine(dir, "domain.xml")), conf);
        Assert.That(named.ExitCode, Is.EqualTo(0), named.Stderr);
    }

    [Test]
    public void ExpandAnswersFromTheCachedRecordAsTheHookDoes()
    {
        var guest = Guest("<cpu mode='host-model'/>");
        var expanded = CliHarness.RunOnHost(_root, guest, "expand", "--live", "--json", "-");
        Assert.That(expanded.ExitCode, Is.EqualTo(0), expanded.Stderr);
        using var json = JsonDocument.Parse(expanded.Stdout);
        var cpu = json.RootElement.GetProperty("cpu");
        Assert.That(cpu.GetProperty("mode").GetString(), Is.EqualTo("custom"));
        Assert.That(cpu.GetProperty("vendor").GetString(), Is.EqualTo("AMD"), "the recorded TCG host is AMD's");
        var features = cpu.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.That(features, Does.Not.Contain("avx512f"));
        // The same guest given the record by name gives the same live XML.
        var named = CliHarness.RunOnHost(null, guest, "expand", "--live", "--json", "--qemu-caps", Record, "-");
        Assert.That(named.StdoutText, Is.EqualTo(expanded.StdoutText), named.Stderr);
    }

    [Test]
    public void ArgvBuildsAHostModelFromTheCachedRecordAndSaysWhenNoHostDataWasGiven()
    {
        var guest = Guest("<cpu mode='host-model'/>");
        var onHost = CliHarness.RunOnHost(_root, guest, "argv", "-");
        Assert.That(onHost.ExitCode, Is.EqualTo(0), onHost.Stderr);
        Assert.That(onHost.StdoutText, Does.StartWith("-cpu "));
        var nowhere = CliHarness.RunOnHost(null, guest, "argv", "-");
        Assert.That(nowhere.ExitCode, Is.EqualTo(2));
        Assert.That(nowhere.Stdout, Is.Empty);
        Assert.That(nowhere.Stderr, Does.Contain("no host data was given").And.Contain("--qemu-caps"));
    }

    [Test]
    public void CompareWithoutCapsComparesWithThisMachine()
    {
        var cpu = Encoding.UTF8.GetBytes("<cpu mode='custom' match='exact'><model>qemu64</model></cpu>");
        var r = CliHarness.RunWithInput(cpu, "compare", "--json", "-");
        if (!DomainCpu.Host.CpuidProbe.IsSupported)
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), "no CPUID: a usage error");
            return;
        }
        Assert.That(r.ExitCode, Is.AnyOf(0, 1), r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.That(json.RootElement.GetProperty("result").GetString(), Is.AnyOf("identical", "superset", "incompatible"));
    }
}

using System.Text;
using System.Text.Json;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary><c>domaincpu argv</c>: refusals, exit codes, JSON shape, the &lt;qemu:cpu&gt; rules and taints.</summary>
[TestFixture]
public class ArgvCliTests
{
    private static CliHarness.Result Argv(string domain, params string[] args) =>
        CliHarness.RunWithInput(Encoding.UTF8.GetBytes(domain), ["argv", .. args, "-"]);

    private static string Domain(string body, string type = "qemu", string vcpu = "2") =>
        $"<domain type='{type}' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><name>t</name><memory>65536</memory><vcpu>{vcpu}</vcpu>" +
        $"<os><type arch='x86_64' machine='pc'>hvm</type></os>{body}<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>";

    [TestCase("<cpu mode='host-passthrough'/>", "CPU mode 'host-passthrough' for x86_64 qemu domain on x86_64 host is not supported by hypervisor")]
    [TestCase("<cpu><model>qemu64</model><cache level='2' mode='emulate'/></cpu>", "CPU cache mode 'emulate' can only be used with level='3'")]
    [TestCase("<cpu><model fallback='forbid'>NoSuchModel</model></cpu>", "CPU model NoSuchModel is not supported by hypervisor")]
    [TestCase("<cpu><topology sockets='1' cores='1' threads='1'/></cpu>", "CPU topology doesn't match maximum vcpu count")]
    [TestCase("<features><hyperv><spinlocks state='on' retries='10'/></hyperv></features>", "HyperV spinlock retry count must be at least 4095")]
    [TestCase("<cpu><model>Westmere</model></cpu><qemu:cpu><qemu:model name='max'/></qemu:cpu>", "give the model in one place only")]
    [TestCase("<cpu mode='maximum'/><qemu:cpu><qemu:model name='max'/></qemu:cpu>", "mode 'maximum'")]
    public void RefusedDomainExitsOneWithTheReason(string body, string reason)
    {
        var r = Argv(Domain(body));
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.Stderr, Does.Contain(reason));
        Assert.That(r.Stderr, Does.StartWith("-:"), "the finding names the input and its position");
    }

    [Test]
    public void PrintsCpuThenSmp()
    {
        var r = Argv(Domain("<cpu><model>Nehalem</model><feature name='pclmuldq'/></cpu>"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.StdoutText, Is.EqualTo("-cpu Nehalem,pclmulqdq=on\n-smp 2,sockets=2,cores=1,threads=1\n"));
    }

    [Test]
    public void JsonHasTheContractShape()
    {
        var r = Argv(Domain("<features><pmu state='off'/></features><qemu:cpu><qemu:model name='qemu64-v1'/><qemu:option name='pmu' value='on'/></qemu:cpu><qemu:commandline><qemu:arg value='-S'/></qemu:commandline>"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        var root = json.RootElement;
        Assert.That(root.GetProperty("cpu").GetString(), Is.EqualTo("qemu64-v1,pmu=on,pmu=off"));
        Assert.That(root.GetProperty("smp").GetString(), Is.EqualTo("2,sockets=2,cores=1,threads=1"));
        Assert.That(root.GetProperty("taints").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "custom-argv", "custom-cpu" }));
        var warning = root.GetProperty("warnings").EnumerateArray().Single().GetString();
        Assert.That(warning, Does.Contain("<qemu:cpu><qemu:option name='pmu'>").And.Contain("<features><pmu>"));
    }

    [Test]
    public void NoCpuArgumentIsJsonNull()
    {
        var qemuCaps = "<qemuCaps><version>7002000</version><arch>x86_64</arch></qemuCaps>";
        var caps = Path.Combine(Path.GetTempPath(), $"domaincpu-argv-{Guid.NewGuid():N}.xml");
        File.WriteAllText(caps, qemuCaps);
        try
        {
            var r = Argv(Domain(""), "--json", "--qemu-caps", caps);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            using var json = JsonDocument.Parse(r.Stdout);
            Assert.That(json.RootElement.GetProperty("cpu").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(json.RootElement.GetProperty("smp").GetString(), Is.EqualTo("2,sockets=2,cores=1,threads=1"));
        }
        finally
        {
            File.Delete(caps);
        }
    }

    [Test]
    public void IncomingHostPassthroughTaintsHostCpu()
    {
        var r = Argv(Domain("<cpu mode='host-passthrough'/>", "kvm"), "--json", "--incoming");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.That(json.RootElement.GetProperty("cpu").GetString(), Is.EqualTo("host,migratable=on"));
        Assert.That(json.RootElement.GetProperty("taints").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "host-cpu" }));
    }

    [Test]
    public void MissingFileIsUsageError()
    {
        var r = CliHarness.Run("argv", "/nonexistent/domain.xml");
        Assert.That(r.ExitCode, Is.EqualTo(2));
    }
}

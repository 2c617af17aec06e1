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
    [TestCase("<cpu><model fallback='forbid'>NoSuchModel</model></cpu>", "Unknown CPU model NoSuchModel")]
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

    private static string TempFile(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"domaincpu-argv-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, text);
        return path;
    }

    private static CliHarness.Result ArgvWithFile(string domain, string option, string fileText, params string[] more)
    {
        var path = TempFile(fileText);
        try
        {
            return Argv(domain, [option, path, .. more]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void ModelTheQemuBinaryLacksIsRefusedWithFallbackForbid()
    {
        var caps = "<qemuCaps><version>7002000</version><arch>x86_64</arch><cpu type='tcg' name='qemu64' typename='qemu64-x86_64-cpu' usable='yes'/></qemuCaps>";
        var r = ArgvWithFile(Domain("<cpu><model fallback='forbid'>Westmere</model></cpu>"), "--qemu-caps", caps);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdoutText);
        Assert.That(r.Stderr, Does.Contain("CPU model Westmere is not supported by hypervisor"));
    }

    private const string DomCaps =
        "<domainCapabilities><path>/usr/bin/qemu-system-x86_64</path><domain>qemu</domain><machine>pc-i440fx-7.2</machine><arch>x86_64</arch>" +
        "<cpu><mode name='host-model' supported='yes'><model fallback='forbid'>Skylake-Client</model><vendor>Intel</vendor>" +
        "<feature policy='require' name='ss'/></mode></cpu></domainCapabilities>";

    // libvirt's Skylake-Client lost mpx (removed='yes' in its cpu_map): every CPU of that model disables it.
    [TestCase("<cpu mode='host-model'/>", "Skylake-Client,ss=on,mpx=off")]
    [TestCase("<cpu match='minimum'><model>486</model></cpu>", "Skylake-Client,ss=on,mpx=off")]
    [TestCase("<cpu><model>Skylake-Client</model><feature policy='optional' name='ss'/><feature policy='optional' name='vmx'/></cpu>", "Skylake-Client,ss=on,vmx=off,mpx=off")]
    public void HostRelativeCpusNeedNoCpuMap(string body, string cpu)
    {
        var r = ArgvWithFile(Domain(body), "--domcaps", DomCaps);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.StdoutText, Is.EqualTo($"-cpu {cpu}\n-smp 2,sockets=2,cores=1,threads=1\n"));
    }

    private const string HostCapsOneNode =
        "<capabilities><host><cpu><arch>x86_64</arch></cpu><topology><cells num='1'><cell id='0'/></cells></topology></host></capabilities>";

    [TestCase("<numatune><memory mode='strict' nodeset='1'/></numatune>", "NUMA node 1 is unavailable")]
    [TestCase("<numatune><memory mode='restrictive' nodeset='0-1'/></numatune>", "NUMA node 1 is unavailable")]
    [TestCase("<numatune><memnode cellid='0' mode='strict' nodeset='3'/></numatune><cpu><numa><cell id='0' cpus='0-1' memory='65536'/></numa></cpu>", "NUMA node 3 is unavailable")]
    public void NodesetNamingAMissingHostNodeIsRefused(string body, string reason)
    {
        var r = ArgvWithFile(Domain(body), "--caps", HostCapsOneNode);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdoutText);
        Assert.That(r.Stderr, Does.Contain(reason));
        Assert.That(Argv(Domain(body)).ExitCode, Is.EqualTo(0), "without host NUMA data the nodes are not checked");
    }

    [Test]
    public void NodesetOfExistingHostNodesIsAccepted()
    {
        var r = ArgvWithFile(Domain("<numatune><memory mode='strict' nodeset='0'/></numatune>"), "--caps", HostCapsOneNode);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
    }

    [Test]
    public void I386EmulatorHasNoLongMode()
    {
        var caps = "<qemuCaps><version>7002000</version><arch>x86_64</arch>" +
                   "<hostCPU type='tcg' model='max' migratability='yes'>" +
                   "<property name='vendor' type='string' value='AuthenticAMD'/>" +
                   "<property name='family' type='number' value='6'/><property name='model' type='number' value='6'/>" +
                   "<property name='lm' type='boolean' value='true' migratable='yes'/>" +
                   "<property name='syscall' type='boolean' value='true' migratable='yes'/>" +
                   "<property name='nx' type='boolean' value='true' migratable='yes'/>" +
                   "</hostCPU><cpu type='tcg' name='qemu64' typename='qemu64-x86_64-cpu' usable='yes'/></qemuCaps>";
        var x86 = ArgvWithFile(Domain("<cpu mode='host-model'/>"), "--qemu-caps", caps);
        var i386 = ArgvWithFile(Domain("<cpu mode='host-model'/>").Replace("x86_64'", "i686'").Replace("qemu-system-x86_64", "qemu-system-i386"), "--qemu-caps", caps);
        Assert.That(x86.ExitCode, Is.EqualTo(0), x86.Stderr);
        Assert.That(i386.ExitCode, Is.EqualTo(0), i386.Stderr);
        Assert.That(x86.StdoutText, Does.StartWith("-cpu qemu64\n"));
        Assert.That(i386.StdoutText, Does.StartWith("-cpu qemu64,syscall=off,lm=off\n"), "qemu-system-i386 offers no long mode");
        var wrongArch = ArgvWithFile(Domain("").Replace("qemu-system-x86_64", "qemu-system-i386"), "--qemu-caps", caps);
        Assert.That(wrongArch.ExitCode, Is.EqualTo(1));
        Assert.That(wrongArch.Stderr, Does.Contain("Emulator '/usr/bin/qemu-system-i386' does not support arch 'x86_64'"));
    }

    [Test]
    public void MissingFileIsUsageError()
    {
        var r = CliHarness.Run("argv", "/nonexistent/domain.xml");
        Assert.That(r.ExitCode, Is.EqualTo(2));
    }
}

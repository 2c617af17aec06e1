using System.Text;
using DomainCpu.Diagnostics;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The Hyper-V dependency refusals of libvirt 11.9 and later, as libvirt 12.8's and 11.3's virsh answered them
/// (define and domxml-to-native, q35 and an old machine type): each enlightenment without its dependency, with it, and
/// the releases around the rules.</summary>
[TestFixture]
public class HypervDependencyTests
{
    private const string Timer = "<timer name='hypervclock' present='yes'/>";

    /// <summary>One enlightenment (line 2 of the block names what is refused), its clock, the message of 12.8.</summary>
    [TestCase("<stimer state='on'/>", "", "'stimer' hyperv feature requires 'hypervclock' timer")]
    [TestCase("<stimer state='on'/>", Timer, "'stimer' hyperv feature requires 'synic' feature")]
    [TestCase("<stimer state='on'><direct state='on'/></stimer>", Timer, "'stimer' hyperv feature requires 'synic' feature")]
    [TestCase("<tlbflush state='on'/>", "", "'tlbflush' hyperv feature requires 'vpindex' feature")]
    [TestCase("<tlbflush state='on'>\n<extended state='on'/></tlbflush>", "", "'tlbflush' hyperv feature requires 'vpindex' feature")]
    [TestCase("<ipi state='on'/>", "", "'ipi' hyperv feature requires 'vpindex' feature")]
    [TestCase("<evmcs state='on'/>", "", "'evmcs' hyperv feature requires 'vapic' feature")]
    public void Libvirt12_8RefusesAnEnlightenmentWithoutItsDependency(string enlightenment, string clock, string message)
    {
        var r = Argv("12.8", "\n" + enlightenment, clock);
        AssertRefused(r, message, line: 7);
        Assert.That(Argv("11.3", enlightenment, clock).ExitCode, Is.EqualTo(0), "libvirt 11.3 has no dependency checks");
    }

    [Test]
    public void TlbflushDirectNeedsVapicAndPointsAtItsDirect()
    {
        const string tlbflush = "<vpindex state='on'/><tlbflush state='on'>\n<direct state='on'/><extended state='on'/></tlbflush>";
        AssertRefused(Argv("12.8", tlbflush, ""), "'hv-tlbflush-direct' hyperv feature requires 'vapic' feature", line: 7);
        Assert.That(Argv("12.8", "<vapic state='on'/>" + tlbflush, "").ExitCode, Is.EqualTo(0));
        Assert.That(Argv("12.8", "<vpindex state='on'/><tlbflush state='on'><direct state='off'/></tlbflush>", "").ExitCode, Is.EqualTo(0));
        Assert.That(Argv("12.8", "<tlbflush state='off'><direct state='on'/></tlbflush>", "").ExitCode, Is.EqualTo(0),
            "an enlightenment that is off needs nothing");
    }

    [TestCase("<synic state='on'/><stimer state='on'/>", Timer)]
    [TestCase("<synic state='on'/><stimer state='on'><direct state='on'/></stimer>", Timer)]
    [TestCase("<vpindex state='on'/><tlbflush state='on'><extended state='on'/></tlbflush>", "")]
    [TestCase("<vpindex state='on'/><ipi state='on'/>", "")]
    [TestCase("<vapic state='on'/><evmcs state='on'/>", "")]
    [TestCase("<relaxed state='on'/><vapic state='on'/><spinlocks state='on' retries='4096'/><runtime state='on'/><reset state='on'/>" +
              "<frequencies state='on'/><reenlightenment state='on'/><avic state='on'/><emsr_bitmap state='on'/><xmm_input state='on'/>", "")]
    public void Libvirt12_8AcceptsEnlightenmentsWithTheirDependencies(string enlightenments, string clock)
    {
        var r = Argv("12.8", enlightenments, clock);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
    }

    /// <summary>A dependency that is off, a timer without present='yes', are missing dependencies.</summary>
    [TestCase("<synic state='off'/><stimer state='on'/>", Timer, "'stimer' hyperv feature requires 'synic' feature")]
    [TestCase("<synic state='on'/><stimer state='on'/>", "<timer name='hypervclock'/>", "'stimer' hyperv feature requires 'hypervclock' timer")]
    [TestCase("<synic state='on'/><stimer state='on'/>", "<timer name='hypervclock' present='no'/>", "'stimer' hyperv feature requires 'hypervclock' timer")]
    [TestCase("<vpindex state='off'/><tlbflush state='on'/>", "", "'tlbflush' hyperv feature requires 'vpindex' feature")]
    [TestCase("<vapic state='off'/><evmcs state='on'/>", "", "'evmcs' hyperv feature requires 'vapic' feature")]
    public void ADependencyThatIsNotOnIsMissing(string enlightenments, string clock, string message) =>
        AssertRefused(Argv("12.8", enlightenments, clock), message);

    /// <summary>Several unmet: libvirt names the first in its order, whatever the document's.</summary>
    [TestCase("<evmcs state='on'/><ipi state='on'/><tlbflush state='on'/><stimer state='on'/>", "", "'stimer' hyperv feature requires 'hypervclock' timer")]
    [TestCase("<tlbflush state='on'/><stimer state='on'/>", Timer, "'stimer' hyperv feature requires 'synic' feature")]
    [TestCase("<ipi state='on'/><evmcs state='on'/><tlbflush state='on'/>", "", "'tlbflush' hyperv feature requires 'vpindex' feature")]
    [TestCase("<evmcs state='on'/><ipi state='on'/>", "", "'ipi' hyperv feature requires 'vpindex' feature")]
    [TestCase("<vpindex state='on'/><evmcs state='on'/><tlbflush state='on'><direct state='on'/></tlbflush>", "", "'evmcs' hyperv feature requires 'vapic' feature")]
    public void TheFirstUnmetDependencyInLibvirtsOrderIsReported(string enlightenments, string clock, string message) =>
        AssertRefused(Argv("12.8", enlightenments, clock), message);

    /// <summary>12.8 refuses on an old machine type as on a current one (QEMU 11.1 has none older than 5.2); 11.3 accepts on
    /// the 3.0 machines too.</summary>
    [TestCase("12.8", "pc-i440fx-5.2", "'ipi' hyperv feature requires 'vpindex' feature")]
    [TestCase("12.8", "pc-q35-5.2", "'ipi' hyperv feature requires 'vpindex' feature")]
    [TestCase("11.3", "pc-i440fx-3.0", null)]
    [TestCase("11.3", "pc-q35-3.0", null)]
    public void OldMachineTypes(string libvirt, string machine, string? message)
    {
        var r = Argv(libvirt, "<ipi state='on'/>", "", machine);
        if (message is null) Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        else AssertRefused(r, message);
    }

    /// <summary>synic needed vpindex from 11.9 until 12.0 dropped the check that old machine types contradict.</summary>
    [TestCase("11.3", null)]
    [TestCase("11.9", "'synic' hyperv feature requires 'vpindex' feature")]
    [TestCase("11.10", "'synic' hyperv feature requires 'vpindex' feature")]
    [TestCase("12.0", null)]
    [TestCase("12.8", null)]
    public void SynicNeedsVpindexIn11_9Only(string libvirt, string? message)
    {
        var r = Argv(libvirt, "<synic state='on'/>", "");
        if (message is null) Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        else AssertRefused(r, message);
    }

    [TestCase("11.8", null)]
    [TestCase("11.9", "'stimer' hyperv feature requires 'hypervclock' timer")]
    public void TheChecksArriveWith11_9(string libvirt, string? message)
    {
        var r = Argv(libvirt, "<vpindex state='on'/><synic state='on'/><stimer state='on'/>", "");
        if (message is null) Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        else AssertRefused(r, message);
    }

    [Test]
    public void PassthroughModeIsNotChecked()
    {
        var r = Argv("12.8", "<stimer state='on'/><evmcs state='on'/>", "", mode: "passthrough");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
    }

    [Test]
    public void FormatDefineRefusesLikeTheStart()
    {
        var r = CliHarness.RunWithInput(Encoding.UTF8.GetBytes(Domain("<ipi state='on'/>", "", "q35", "custom")), "format", "--define", "--libvirt", "12.8", "-");
        AssertRefused(r, "'ipi' hyperv feature requires 'vpindex' feature");
    }

    private static void AssertRefused(CliHarness.Result r, string message, int? line = null)
    {
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stdout, Is.Empty);
        var at = line is null ? "[0-9]+" : line.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(r.Stderr, Does.Match($@"^-:{at}:[0-9]+: error: \[{DiagnosticCatalogue.HypervDependencyMissing.Id}\] {System.Text.RegularExpressions.Regex.Escape(message)}\n$"));
    }

    private static CliHarness.Result Argv(string libvirt, string enlightenments, string clock, string machine = "q35", string mode = "custom") =>
        CliHarness.RunWithInput(Encoding.UTF8.GetBytes(Domain(enlightenments, clock, machine, mode)), "argv", "--libvirt", libvirt, "--qemu", "7.2", "-");

    /// <summary>The domain; its <c>&lt;hyperv&gt;</c> opens on line 6.</summary>
    private static string Domain(string enlightenments, string clock, string machine, string mode) =>
        "<domain type='qemu'>\n  <name>guest</name>\n  <memory unit='KiB'>262144</memory>\n  <vcpu>2</vcpu>\n" +
        $"  <os><type arch='x86_64' machine='{machine}'>hvm</type></os>\n" +
        $"  <features><hyperv mode='{mode}'>{enlightenments}</hyperv></features>\n  <clock offset='utc'>{clock}</clock>\n" +
        "  <devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices>\n</domain>\n";
}

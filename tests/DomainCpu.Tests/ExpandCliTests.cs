using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The usage rules of <c>domaincpu expand</c>, <c>strip</c> and <c>hook</c>.</summary>
[TestFixture]
public class ExpandCliTests
{
    private static string Case(string name, string file) => Path.Combine(Golden.CaseDir("expand", name), file);

    [Test]
    public void WithoutHostDataProbesThisHost()
    {
        // No --caps/--domcaps: this machine is probed by CPUID and decoded with the target's CPU models.
        var r = CliHarness.Run("expand", "--live", Case("host-model", "domain.xml"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.StdoutText, Does.Contain("<cpu mode='custom' match='exact' check='full'>"));
        Assert.That(r.StdoutText, Does.Contain("domaincpu:inactive"));
        var stripped = CliHarness.RunWithInput(r.Stdout, "strip", "-");
        Assert.That(stripped.ExitCode, Is.EqualTo(0), stripped.Stderr);
        Assert.That(stripped.Stdout, Is.EqualTo(File.ReadAllBytes(Case("host-model", "domain.xml"))));
    }

    [TestCase("kvm", 0)]
    [TestCase("qemu", 1)]
    public void PvSpinlocksAreRefusedUnderTcgOnly(string virtType, int exitCode)
    {
        // Under KVM only QEMU's report of the started vCPU can tell whether kvm_pv_unhalt is there: no report, no refusal.
        var xml = File.ReadAllText(Case("host-model", "domain.xml"))
            .Replace("<domain type='kvm'>", $"<domain type='{virtType}'>", StringComparison.Ordinal)
            .Replace("<apic/>", "<apic/>\n    <pvspinlock state='on'/>", StringComparison.Ordinal);
        var r = CliHarness.RunWithInput(System.Text.Encoding.UTF8.GetBytes(xml), "expand", "--live", "-");
        Assert.That(r.ExitCode, Is.EqualTo(exitCode), r.Stderr);
        Assert.That(r.Stderr, exitCode == 0 ? Is.Empty : Does.Contain("[DC1620] host doesn't support paravirtual spinlocks"));
    }

    [Test]
    public void AHostTheCpuMapCannotDescribeIsAFindingNotACrash()
    {
        // A cpu_map with vendors and features but no model: decoding this host's CPUID finds no model to use.
        // (Found by the fuzzer with a mutated cpu_map: the probe path let libvirt's refusal escape as a crash.)
        var map = Path.Combine(Path.GetTempPath(), $"domaincpu-nomodels-{Environment.ProcessId}");
        Directory.CreateDirectory(map);
        var mini = Path.Combine(Golden.Root, "testdata", "cpu-map-mini");
        File.Copy(Path.Combine(mini, "x86_vendors.xml"), Path.Combine(map, "x86_vendors.xml"), overwrite: true);
        File.Copy(Path.Combine(mini, "x86_features.xml"), Path.Combine(map, "x86_features.xml"), overwrite: true);
        File.WriteAllText(Path.Combine(map, "index.xml"),
            "<cpus>\n  <arch name='x86'>\n    <include filename='x86_vendors.xml'/>\n    <include filename='x86_features.xml'/>\n  </arch>\n</cpus>\n");
        try
        {
            var r = CliHarness.Run("expand", "--live", "--cpu-map", map, Case("host-model", "domain.xml"));
            Assert.That(r.Stderr, Does.Not.Contain("internal error"));
            Assert.That(r.Stdout, Is.Empty);
            var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(1), r.Stderr);
            if (DomainCpu.Host.CpuidProbe.IsSupported)
            {
                Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
                Assert.That(lines[0], Does.StartWith(map + ":0:0: error: [DC1004] "));
                Assert.That(lines[0], Does.Contain("Cannot find suitable CPU model for given data"));
            }
            else
            {
                Assert.That(r.ExitCode, Is.EqualTo(2), r.Stderr);
            }
        }
        finally
        {
            Directory.Delete(map, recursive: true);
        }
    }

    [Test]
    public void WithoutLiveIsAUsageError()
    {
        var r = CliHarness.Run("expand", "--caps", Case("host-model", "caps.xml"), Case("host-model", "domain.xml"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.Contain("--live"));
    }

    [Test]
    public void QemuCpuDataWithoutACpuMapUsesTheEmbeddedCatalog()
    {
        var enabled = Path.Combine(Golden.CaseDir("capabilities", "json-output"), "cpuid.xml");
        var r = CliHarness.Run("expand", "--live", "--caps", Case("host-model", "caps.xml"), "--qemu-cpu", enabled, Case("host-model", "domain.xml"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.StdoutText, Does.Contain("<cpu mode='custom'"));
    }

    [Test]
    public void ExpandingALiveDomainAgainIsRefused()
    {
        var r = CliHarness.Run("expand", "--live", "--caps", Case("host-model", "caps.xml"), Case("host-model", "expected.xml"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.Stderr, Does.Contain("already expanded"));
    }

    [Test]
    public void ExpandReadsStandardInput()
    {
        var input = File.ReadAllBytes(Case("host-model", "domain.xml"));
        var r = CliHarness.RunWithInput(input, "--libvirt", "9.0", "expand", "--live", "--caps", Case("host-model", "caps.xml"),
            "--domcaps", Case("host-model", "domcaps.xml"), "-");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Is.EqualTo(File.ReadAllBytes(Case("host-model", "expected.xml"))));
    }

    [Test]
    public void StripWithoutRecordWarnsAndLeavesTheCpu()
    {
        var path = Path.Combine(Golden.CaseDir("strip", "libvirt-live-custom"), "domain.xml");
        var r = CliHarness.Run("strip", path);
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(r.Stderr, Does.Contain("no inactive CPU record"));
        Assert.That(r.Stdout, Is.EqualTo(File.ReadAllBytes(path)));
    }

    [Test]
    public void HookWithoutArgumentsIsAUsageError()
    {
        var r = CliHarness.Run("hook");
        Assert.That(r.ExitCode, Is.EqualTo(2));
    }
}

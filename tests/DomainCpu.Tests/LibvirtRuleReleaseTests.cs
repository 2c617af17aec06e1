using System.Text;
using DomainCpu.Targets;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The release each rule of <see cref="LibvirtRules"/> came with, as the releases around it answer: a release
/// between the verified ones (9.0, 11.3, 12.8) has a rule from its release on, and the verified ones keep their sets.</summary>
[TestFixture]
public class LibvirtRuleReleaseTests
{
    [TestCase(nameof(LibvirtRules.PartialCheckTrustsUsableModels), "10.1", "10.2")]
    [TestCase(nameof(LibvirtRules.UnknownFeaturesSkippedOnCommandLine), "10.4", "10.5")]
    [TestCase(nameof(LibvirtRules.HypervNestedEnlightenments), "10.6", "10.7")]
    [TestCase(nameof(LibvirtRules.HypervTlbflushModes), "10.10", "11.0")]
    [TestCase(nameof(LibvirtRules.DeprecatedCpuFeatures), "10.10", "11.0")]
    [TestCase(nameof(LibvirtRules.DeprecatedFeaturesWithoutQemuSupport), "11.5", "11.6")]
    [TestCase(nameof(LibvirtRules.HwUuidElement), "11.6", "11.7")]
    [TestCase(nameof(LibvirtRules.HypervCrashSwitch), "11.8", "11.9")]
    [TestCase(nameof(LibvirtRules.HypervDependencies), "11.8", "11.9")]
    [TestCase(nameof(LibvirtRules.SynicWithoutVpindex), "11.10", "12.0")]
    [TestCase(nameof(LibvirtRules.DomainCapsHostModelFeaturesByName), "12.1", "12.2")]
    [TestCase(nameof(LibvirtRules.StartedCpuReadOnlyWithUnavailableFeatures), "12.3", "12.4")]
    [TestCase(nameof(LibvirtRules.DottedHostFeatureNames), "12.7", "12.8")]
    public void ARuleStartsWithItsRelease(string name, string lastWithout, string firstWith)
    {
        var rule = LibvirtRules.All.Single(r => r.Name == name);
        Assert.That(rule.Since, Is.EqualTo(Release(firstWith)));
        Assert.That(LibvirtProfile.For(Release(lastWithout)).Has(rule), Is.False, $"libvirt {lastWithout}");
        Assert.That(LibvirtProfile.For(Release(firstWith)).Has(rule), Is.True, $"libvirt {firstWith}");
    }

    /// <summary>Moving a rule's release must not move the verified releases: their conformance results depend on it.</summary>
    [Test]
    public void TheVerifiedReleasesKeepTheirRules()
    {
        Assert.That(Names(LibvirtProfile.Libvirt90), Is.Empty);
        Assert.That(Names(LibvirtProfile.Libvirt113), Is.EquivalentTo(new[]
        {
            "CacheWithoutCapability", "MaxPhysAddrEmulateBitsOptional", "MaxPhysAddrLimit", "DomainCapsHostModelMaxPhysAddr",
            "HostProbeReadsEveryMapMsr", "ClustersInTopology", "AddedModelFeatures", "PartialCheckTrustsUsableModels", "LoongArchArchitecture",
            "UnknownFeaturesSkippedOnCommandLine", "HypervNestedEnlightenments", "DomainCapsBlockers", "VersionedModelNames",
            "DomainCapsCanonicalModels", "PartialCheckTrustsQemu", "HypervTlbflushModes", "DeprecatedCpuFeatures",
            "ThrottleGroupsElement", "QemuExitNamesDomain",
        }));
        Assert.That(Names(LibvirtProfile.Libvirt128), Is.EquivalentTo(LibvirtRules.All.Select(r => r.Name)));
    }

    [TestCase("10.6", "emsr_bitmap")]
    [TestCase("10.7", null)]
    public void EmsrBitmapArrivesWith10_7(string libvirt, string? refused) =>
        AssertHypervStart(libvirt, "<vpindex state='on'/><emsr_bitmap state='on'/>", refused);

    [TestCase("10.10", "tlbflush")]
    [TestCase("11.0", null)]
    public void TlbflushModesArriveWith11_0(string libvirt, string? refused) =>
        AssertHypervStart(libvirt, "<vapic state='on'/><vpindex state='on'/><tlbflush state='on'><direct state='on'/></tlbflush>", refused);

    [TestCase("11.8", "-cpu qemu64,hv-crash\n")]
    [TestCase("11.9", "-cpu qemu64,hv-crash=on\n")]
    public void TheHypervPanicSwitchArrivesWith11_9(string libvirt, string cpuLine)
    {
        var r = Argv(libvirt, Domain("", "<panic model='hyperv'/>"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.StdoutText, Does.StartWith(cpuLine));
    }

    private static void AssertHypervStart(string libvirt, string enlightenments, string? refused)
    {
        var r = Argv(libvirt, Domain($"<features><hyperv mode='custom'>{enlightenments}</hyperv></features>", ""));
        if (refused is null)
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            return;
        }
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdoutText, Is.Empty);
        Assert.That(r.Stderr, Does.Contain($"unsupported HyperV Enlightenment feature: {refused}"));
    }

    private static CliHarness.Result Argv(string libvirt, string domain) =>
        CliHarness.RunWithInput(Encoding.UTF8.GetBytes(domain), "argv", "--libvirt", libvirt, "--qemu", "7.2", "-");

    private static string Domain(string features, string devices) =>
        "<domain type='qemu'>\n  <name>guest</name>\n  <memory unit='KiB'>262144</memory>\n  <vcpu>2</vcpu>\n" +
        "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n" +
        $"  {features}\n  <clock offset='utc'/>\n" +
        $"  <devices><emulator>/usr/bin/qemu-system-x86_64</emulator>{devices}</devices>\n</domain>\n";

    private static ReleaseVersion Release(string text) => ReleaseVersion.TryParse(text)!.Value;

    private static IEnumerable<string> Names(LibvirtProfile profile) => profile.Rules.Select(r => r.Name);
}

using DomainCpu.Catalog.Libvirt;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Host;
using DomainCpu.Targets;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>Release numbers, libvirt profiles and how a target is resolved (DESIGN.md, Targets).</summary>
[TestFixture]
public class TargetTests
{
    [TestCase("11.3", 11, 3, 0)]
    [TestCase("11.3.0", 11, 3, 0)]
    [TestCase("9.0.1", 9, 0, 1)]
    [TestCase("11003000", 11, 3, 0)]
    [TestCase("7002000", 7, 2, 0)]
    public void ReleaseNumbersAreReadInEveryForm(string text, int major, int minor, int micro) =>
        Assert.That(ReleaseVersion.TryParse(text), Is.EqualTo(new ReleaseVersion(major, minor, micro)));

    [TestCase("")]
    [TestCase("eleven")]
    [TestCase("11")]
    [TestCase("1.2.3.4")]
    [TestCase("11.x")]
    public void OtherTextIsNoReleaseNumber(string text) => Assert.That(ReleaseVersion.TryParse(text), Is.Null);

    [Test]
    public void ReleasesOrderNumericallyNotAsText()
    {
        Assert.That(new ReleaseVersion(11, 3) > new ReleaseVersion(9, 0));
        Assert.That(new ReleaseVersion(10, 1) < new ReleaseVersion(10, 10));
        Assert.That(new ReleaseVersion(11, 3).Packed, Is.EqualTo(11_003_000UL));
    }

    [Test]
    public void SupportedReleasesAreTheirOwnProfiles()
    {
        Assert.That(LibvirtProfile.For(new(9, 0, 2)), Is.SameAs(LibvirtProfile.Libvirt90));
        Assert.That(LibvirtProfile.For(new(11, 3)), Is.SameAs(LibvirtProfile.Libvirt113));
        Assert.That(LibvirtProfile.For(new(12, 8)), Is.SameAs(LibvirtProfile.Libvirt128));
        Assert.That(LibvirtProfile.Supported.All(p => p.Verified));
    }

    [Test]
    public void AReleaseBetweenProfilesHasTheRulesIntroducedUpToIt()
    {
        var rule = LibvirtRules.ClustersInTopology;
        Assert.That(LibvirtProfile.Libvirt90.Has(rule), Is.False);
        Assert.That(LibvirtProfile.For(new(10, 0)).Has(rule), Is.False);
        var ubuntu = LibvirtProfile.For(new(10, 1));
        Assert.That(ubuntu.Has(rule), Is.True);
        Assert.That(ubuntu.Verified, Is.False);
        Assert.That(ubuntu.CompanionQemu, Is.EqualTo(LibvirtProfile.Libvirt90.CompanionQemu));
        Assert.That(LibvirtProfile.Libvirt113.Has(rule), Is.True);
    }

    [TestCase(8, 5)]
    [TestCase(13, 0)]
    public void ReleasesOutsideTheSupportedRangeAreRefused(int major, int minor) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LibvirtProfile.For(new(major, minor)));

    [Test]
    public void EveryRuleIsKnownByItsNameOnce() =>
        Assert.That(LibvirtRules.All.Select(r => r.Name), Is.Unique);

    [Test]
    public void NothingNamedGivesTheNewestProfileWithItsEmbeddedModels()
    {
        var t = TargetResolver.Resolve(new TargetRequest());
        Assert.That(t.Libvirt, Is.SameAs(LibvirtProfile.Newest));
        Assert.That(t.Origin.Models, Is.EqualTo("the embedded models of libvirt 12.8's cpu_map"));
        Assert.That(t.Models, Is.SameAs(EmbeddedCpuMaps.For(12, 8)));
    }

    [TestCase("9.0", "9.0")]
    [TestCase("10.0", "9.0")]
    [TestCase("11.3", "11.3")]
    [TestCase("11.9", "11.3")]
    [TestCase("12.8", "12.8")]
    [TestCase("12.9", "12.8")]
    public void Without_a_cpu_map_the_models_are_those_of_the_release_at_or_before_the_libvirt(string libvirt, string models)
    {
        var t = TargetResolver.Resolve(new TargetRequest { Libvirt = ReleaseVersion.TryParse(libvirt) });
        Assert.That(t.Origin.Models, Is.EqualTo($"the embedded models of libvirt {models}'s cpu_map"));
        Assert.That(t.Models, Is.SameAs(EmbeddedCpuMaps.For(int.Parse(models.Split('.')[0]), int.Parse(models.Split('.')[1]))));
    }

    [Test]
    public void AnExplicitReleaseWinsOverCapturedFilesAndTheHost()
    {
        var caps = QemuCapabilitiesReader.ReadFile(Path.Combine(Golden.Root, "testdata", "format", "define-host-passthrough-caps-migratable", "qemucaps.xml"));
        var request = new TargetRequest
        {
            Libvirt = new(11, 3),
            QemuCapabilities = caps with { LibvirtVersion = 9_000_000 },
            Host = new HostInstallation(new(12, 8), null, []),
        };
        Assert.That(TargetResolver.Resolve(request).Libvirt, Is.SameAs(LibvirtProfile.Libvirt113));
        Assert.That(TargetResolver.Resolve(request with { Libvirt = null }).Libvirt, Is.SameAs(LibvirtProfile.Libvirt90));
        Assert.That(TargetResolver.Resolve(request with { Libvirt = null, QemuCapabilities = caps with { LibvirtVersion = 0 } }).Libvirt,
            Is.SameAs(LibvirtProfile.Libvirt128));
    }

    [Test]
    public void TheHostsCpuMapServesOnlyTheHostsOwnRelease()
    {
        var map = Path.Combine(Golden.Root, "testdata", "cpu-map-mini");
        var host = new HostInstallation(new(9, 0, 0), map, []);
        var own = TargetResolver.Resolve(new TargetRequest { Host = host });
        Assert.That(own.Origin.Models, Does.Contain(map));
        var other = TargetResolver.Resolve(new TargetRequest { Host = host, Libvirt = new(11, 3) });
        Assert.That(other.Origin.Models, Does.Contain("embedded"));
    }

    [TestCase("9.0", null, "7.2")]
    [TestCase("11.3", null, "10.0")]
    [TestCase("12.8", null, "11.1")]
    [TestCase("9.0", "11.1", "11.1")]
    [TestCase(null, "10.0", "10.0")]
    [TestCase(null, "10.2", "10.0")]
    public void The_qemu_catalog_is_the_named_qemu_release_else_the_one_the_libvirt_ships_with(string? libvirt, string? qemu, string expected)
    {
        var t = TargetResolver.Resolve(new TargetRequest { Libvirt = ReleaseVersion.TryParse(libvirt), Qemu = ReleaseVersion.TryParse(qemu) });
        Assert.That(t.Qemu.QemuVersion, Does.StartWith(expected + "."));
        Assert.That(t.Origin.QemuVersion.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void A_captured_qemu_record_names_the_qemu_release()
    {
        var caps = QemuCapabilitiesReader.ReadFile(Path.Combine(Golden.Root, "testdata", "format", "define-host-passthrough-caps-migratable", "qemucaps.xml"));
        var t = TargetResolver.Resolve(new TargetRequest { QemuCapabilities = caps with { Version = 10_000_013 } });
        Assert.That(t.Qemu.QemuVersion, Does.StartWith("10.0."));
        Assert.That(t.Origin.Qemu, Does.Contain("capabilities record"));
    }

    [TestCase("pc-q35-10.0", "10.0")]
    [TestCase("pc-i440fx-11.1", "11.1")]
    [TestCase("pc-q35-7.2", "7.2")]
    [TestCase("q35", "11.1")]
    [TestCase("microvm", "11.1")]
    public void A_domain_capabilities_machine_type_names_the_qemu_release(string machine, string expected)
    {
        var t = TargetResolver.Resolve(new TargetRequest { CapturedMachine = machine });
        Assert.That(t.Origin.QemuVersion.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void This_hosts_qemu_comes_after_captured_files_and_before_the_libvirt_companion()
    {
        var host = new HostInstallation(null, null, []) { Qemu = new(10, 0, 13) };
        Assert.That(TargetResolver.Resolve(new TargetRequest { Host = host }).Origin.QemuVersion.ToString(), Is.EqualTo("10.0"));
        Assert.That(TargetResolver.Resolve(new TargetRequest { Host = host, CapturedMachine = "pc-q35-11.1" }).Origin.QemuVersion.ToString(), Is.EqualTo("11.1"));
        Assert.That(TargetResolver.Resolve(new TargetRequest { Host = host, Qemu = new(7, 2) }).Origin.QemuVersion.ToString(), Is.EqualTo("7.2"));
    }

    [TestCase("eleven", "--libvirt takes a release number")]
    [TestCase("8.5", "libvirt 8.5 is not supported")]
    public void ABadLibvirtReleaseIsAUsageError(string release, string message)
    {
        var r = CliHarness.Run("baseline", "--libvirt", release, Path.Combine(Golden.Root, "testdata", "baseline", "amd-older-and-newer", "input1.xml"));
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Stderr);
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.Stderr, Does.Contain(message));
    }
}

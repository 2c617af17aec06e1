using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;
using DomainCpu.Start;
using DomainCpu.Targets;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>Model version pinning (<see cref="ModelVersions"/>): the version comes from the target's QEMU release and
/// machine type, and is written only where the target's libvirt knows versioned names.</summary>
[TestFixture]
public sealed class ModelVersionsTests
{
    private static QemuCatalog Qemu(int major, int minor) => EmbeddedCatalog.For((ulong)major * 1_000_000 + (ulong)minor * 1_000);

    [Test]
    public void The_version_comes_from_the_qemu_release_and_machine_type()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ModelVersions.Pin("Haswell", "pc-q35-7.2", Qemu(7, 2)), Is.EqualTo("Haswell-v1"));
            Assert.That(ModelVersions.Pin("EPYC", "microvm", Qemu(7, 2)), Is.EqualTo("EPYC-v3"));
            Assert.That(ModelVersions.Pin("EPYC", "microvm", Qemu(11, 1)), Is.EqualTo("EPYC-v5"));
            Assert.That(ModelVersions.Pin("EPYC-Genoa", "pc-q35-10.0", Qemu(10, 0)), Is.EqualTo("EPYC-Genoa-v1"));
            Assert.That(ModelVersions.Pin("EPYC-Genoa", "pc-q35-7.2", Qemu(7, 2)), Is.Null, "QEMU 7.2 has no EPYC-Genoa");
            Assert.That(ModelVersions.Pin("Haswell", "pc-q35-10.0", Qemu(7, 2)), Is.Null, "QEMU 7.2 has no pc-q35-10.0");
            Assert.That(ModelVersions.Pin("Haswell", "pc-i440fx-2.12", Qemu(10, 0)), Is.Null, "a legacy machine type runs the unversioned CPU");
            Assert.That(ModelVersions.Pin("Haswell-v2", "q35", Qemu(11, 1)), Is.Null, "already versioned");
        });
    }

    [Test]
    public void A_libvirt_without_versioned_names_keeps_the_name_and_says_why()
    {
        var pin = ModelVersions.Decide("Haswell", "pc-q35-7.2", Qemu(7, 2), LibvirtProfile.Libvirt90)!;
        Assert.That(pin.Pinned, Is.Null);
        Assert.That(pin.NotPinned!.Id, Is.EqualTo(DiagnosticCatalogue.ModelNotPinned.Id));
        Assert.That(pin.NotPinned.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(pin.NotPinned.Message, Does.Contain("Haswell-v1").And.Contain("libvirt 9.0").And.Contain("10.10"));
    }

    [TestCase(10, 10, true)]
    [TestCase(10, 9, false)]
    [TestCase(11, 3, true)]
    [TestCase(12, 8, true)]
    public void Versioned_names_came_with_libvirt_10_10(int major, int minor, bool pinned)
    {
        var pin = ModelVersions.Decide("Haswell", "pc-q35-10.0", Qemu(10, 0), LibvirtProfile.For(new ReleaseVersion(major, minor)))!;
        Assert.That(pin.Pinned, pinned ? Is.EqualTo("Haswell-v1") : Is.Null);
        Assert.That(pin.NotPinned is null, Is.EqualTo(pinned));
    }

    [Test]
    public void Nothing_to_pin_is_no_decision() =>
        Assert.That(ModelVersions.Decide("Haswell-v1", "q35", Qemu(11, 1), LibvirtProfile.Libvirt90), Is.Null);
}

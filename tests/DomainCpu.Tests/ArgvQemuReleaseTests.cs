using DomainCpu.Catalog.Qemu;
using DomainCpu.Host;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary><c>argv</c> without <c>--qemu-caps</c> answers with the facts of the target's QEMU release: its machine types
/// and CPU models (<see cref="QemuBuiltinCapabilities"/>).</summary>
[TestFixture]
public sealed class ArgvQemuReleaseTests
{
    private static string Domain(string machine, string model)
    {
        var path = Path.Combine(Path.GetTempPath(), $"domaincpu-argv-{machine}-{model}.xml");
        File.WriteAllText(path, $"""
            <domain type='kvm'>
              <name>g</name>
              <memory>1048576</memory>
              <vcpu>2</vcpu>
              <os><type arch='x86_64' machine='{machine}'>hvm</type></os>
              <cpu mode='custom' match='exact'><model fallback='forbid'>{model}</model></cpu>
            </domain>
            """);
        return path;
    }

    [TestCase("pc-q35-10.0", "10.0", "EPYC-Genoa")]
    [TestCase("pc-q35-11.1", "11.1", "GraniteRapids")]
    [TestCase("pc-i440fx-11.1", "11.1", "EPYC-Turin")]
    [TestCase("pc-q35-7.2", "7.2", "Haswell")]
    public void The_newer_machine_types_and_models_are_known_to_their_release(string machine, string qemu, string model)
    {
        var r = CliHarness.Run("argv", "--qemu", qemu, Domain(machine, model));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.StdoutText, Does.StartWith($"-cpu {model}\n"));
    }

    [TestCase("pc-q35-11.1", "10.0")]
    [TestCase("pc-q35-10.0", "7.2")]
    [TestCase("pc-i440fx-2.12", "11.1")]
    public void A_machine_type_the_release_lacks_is_refused(string machine, string qemu)
    {
        var r = CliHarness.Run("argv", "--qemu", qemu, Domain(machine, "Haswell"));
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdoutText);
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.Stderr, Does.Contain("[DC0129]").And.Contain(machine));
    }

    [Test]
    public void The_libvirt_release_brings_its_qemu_when_none_is_named()
    {
        Assert.That(CliHarness.Run("argv", "--libvirt", "9.0", Domain("pc-q35-10.0", "Haswell")).ExitCode, Is.EqualTo(1));
        Assert.That(CliHarness.Run("argv", "--libvirt", "11.3", Domain("pc-q35-10.0", "Haswell")).ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void Built_in_capabilities_are_the_releases_machine_types_and_models()
    {
        var caps = QemuBuiltinCapabilities.For(EmbeddedCatalog.For(10_000_000));
        Assert.That(caps.Version, Is.EqualTo(10_000_013UL));
        Assert.That(caps.FindMachine("q35", "kvm")!.Name, Is.EqualTo("pc-q35-10.0"));
        Assert.That(caps.FindMachine(null, "tcg")!.Name, Is.EqualTo("pc-i440fx-10.0"));
        Assert.That(caps.FindMachine("none", "kvm"), Is.Null, "libvirt leaves machine none out");
        Assert.That(caps.DefaultCpuModel("isapc", "tcg"), Is.EqualTo("486"));
        Assert.That(caps.DefaultCpuModel("pc-q35-10.0", "kvm"), Is.EqualTo("qemu64"));
        Assert.That(caps.ModelsFor("kvm").Select(m => m.Name), Does.Contain("SierraForest-v2").And.Not.Contain("EPYC-Turin"));
        Assert.That(QemuBuiltinCapabilities.For(EmbeddedCatalog.For(10_000_000)), Is.SameAs(caps));
    }
}

using DomainCpu.Catalog.Qemu;
using DomainCpu.Host;
using DomainCpu.Targets;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The facade's host and model queries (<see cref="LibvirtCpu.Capabilities"/>, <see cref="LibvirtCpu.HostModel(HostCpuid, QemuHostReport, Target?)"/>,
/// <see cref="LibvirtCpu.Models(Target, string?, HostCpuid?)"/>, <see cref="LibvirtCpu.Model"/>, <see cref="LibvirtCpu.ToXml(Model.CpuDefinition, LibvirtProfile?)"/>)
/// answer what the <c>capabilities</c> and <c>models</c> commands print.</summary>
[TestFixture]
public class LibvirtCpuHostTests
{
    private static string Capabilities(string name, string file) => Path.Combine(Golden.CaseDir("capabilities", name), file);

    private static string CapabilitiesMap => Path.Combine(Golden.Root, "testdata", "capabilities", "cpu_map");

    private static Target MapTarget => TargetResolver.Resolve(new TargetRequest { Libvirt = new ReleaseVersion(9, 0), CpuMapDirectory = CapabilitiesMap });

    private static Target Qemu72 => TargetResolver.Resolve(new TargetRequest { Libvirt = new ReleaseVersion(9, 0), Qemu = new ReleaseVersion(7, 2) });

    private static HostCpuid Dump(string name) => HostCpuid.ReadDump(File.ReadAllBytes(Capabilities(name, "cpuid.xml")), "cpuid.xml");

    [TestCase("intel-haswell-server-ibrs")]
    [TestCase("amd-epyc-milan")]
    public void CapabilitiesOfADumpAreWhatTheCommandPrints(string name)
    {
        var target = MapTarget;
        var host = LibvirtCpu.Capabilities(Dump(name), target);
        var cli = CliHarness.Run("capabilities", "--libvirt", "9.0", "--cpu-map", CapabilitiesMap, "--cpuid", Capabilities(name, "cpuid.xml"));
        Assert.That(cli.ExitCode, Is.EqualTo(0), cli.Stderr);
        Assert.That(LibvirtCpu.ToXml(host, target.Libvirt) + "\n", Is.EqualTo(cli.StdoutText));
        Assert.That(host.Cpu.Model?.Name, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public void AnUndecodableCpuIsRefusedOrReported()
    {
        var dump = Dump("undecodable-no-features");
        Assert.That(() => LibvirtCpu.Capabilities(dump, MapTarget), Throws.TypeOf<Diagnostics.DomainCpuException>());
        var reported = new List<Diagnostics.Diagnostic>();
        var host = LibvirtCpu.Capabilities(dump, MapTarget, reported.Add);
        Assert.That(reported, Has.Count.EqualTo(1));
        Assert.That(host.Cpu.Model, Is.Null);
    }

    [Test]
    public void HostModelOfQemusViewIsWhatTheCommandPrints()
    {
        var qemuHost = Capabilities("qemu-host-caps-msr-kept", "qemu-host.xml");
        var report = QemuHostReport.Read(File.ReadAllBytes(qemuHost), qemuHost);
        var hostModel = LibvirtCpu.HostModel(Dump("qemu-host-caps-msr-kept"), report, MapTarget);
        Assert.That(hostModel, Is.Not.Null);
        var cli = CliHarness.Run("capabilities", "--libvirt", "9.0", "--cpu-map", CapabilitiesMap, "--cpuid", Capabilities("qemu-host-caps-msr-kept", "cpuid.xml"), "--qemu-host", qemuHost);
        Assert.That(cli.ExitCode, Is.EqualTo(0), cli.Stderr);
        Assert.That(cli.StdoutText, Does.EndWith(LibvirtCpu.ToXml(hostModel!, MapTarget.Libvirt) + "\n"));
    }

    [Test]
    public void ADumpRoundTripsThroughItsText()
    {
        var dump = Dump("intel-skylake-client");
        var again = HostCpuid.ReadDump(System.Text.Encoding.UTF8.GetBytes(dump.ToDump()));
        Assert.That(again.ToDump(), Is.EqualTo(dump.ToDump()));
        Assert.That(dump.ToDump(), Does.StartWith("<!--").Or.StartWith("<cpudata"));
    }

    [Test]
    public void ModelsUsableOnADumpAreTheCommandsOnes()
    {
        var list = LibvirtCpu.Models(Qemu72, host: Dump("intel-skylake-client"));
        var usable = list.Models.Where(m => m.Usable == true).Select(m => m.Name).ToList();
        var blocked = list.Models.Where(m => m.Usable == false).ToList();
        Assert.That(usable, Does.Contain("Skylake-Client").And.Not.Contain("Icelake-Server"));
        Assert.That(blocked.Single(m => m.Name == "Icelake-Server").Unavailable, Does.Contain("avx512f").And.Contain("la57"));
        var cli = CliHarness.Run("models", "--libvirt", "9.0", "--qemu", "7.2", "--json", "--cpuid", Capabilities("intel-skylake-client", "cpuid.xml"));
        Assert.That(cli.ExitCode, Is.EqualTo(0), cli.Stderr);
        Assert.That(System.Text.RegularExpressions.Regex.Matches(cli.StdoutText, "\"usable\": true").Count, Is.EqualTo(usable.Count));
        Assert.That(list.Models.Select(m => m.Name), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    [Test]
    public void ModelsWithoutAHostLeaveUsabilityUnknown()
    {
        var list = LibvirtCpu.Models(Qemu72, "pc-q35-7.2");
        Assert.That(list.Machine, Is.EqualTo("pc-q35-7.2"));
        Assert.That(list.Models.Select(m => m.Usable), Is.All.Null);
        Assert.That(list.Models.Single(m => m.Name == "Haswell").AliasOf, Is.EqualTo("Haswell-v1"));
        Assert.That(() => LibvirtCpu.Models(Qemu72, "no-such-machine"), Throws.ArgumentException.With.Message.EqualTo("unknown machine type 'no-such-machine' in QEMU 7.2.22"));
    }

    [Test]
    public void AModelsDetailsNameItsVersionFeaturesAndChanges()
    {
        var details = LibvirtCpu.Model(Qemu72, "Haswell-noTSX")!;
        Assert.That(details.Resolved, Is.EqualTo("Haswell-v2"));
        Assert.That(details.AliasOf, Is.EqualTo("Haswell-v2"));
        Assert.That(details.Versioned, Is.False);
        Assert.That(details.VendorId, Is.EqualTo("GenuineIntel"));
        Assert.That(details.Features.Select(f => f.Name), Does.Contain("avx2").And.Not.Contain("hle"));
        Assert.That(details.Previous, Is.EqualTo("Haswell-v1"));
        Assert.That(details.Changes, Does.Contain("-hle").And.Contain("-rtm"));
        Assert.That(LibvirtCpu.Model(Qemu72, "NoSuchCpu"), Is.Null);
        var first = LibvirtCpu.Model(Qemu72, "Haswell-v1")!;
        Assert.That((first.Previous, first.Versioned, first.Changes.IsEmpty), Is.EqualTo(((string?)null, true, true)));
    }

    [Test]
    public void ToXmlWritesWhatReadCpuReads()
    {
        var cpu = DomainDocument.Parse("<cpu mode='custom' match='exact'><model fallback='forbid'>Haswell</model><feature policy='disable' name='hle'/></cpu>").ReadCpu()!;
        var xml = LibvirtCpu.ToXml(cpu)!;
        Assert.That(xml, Does.StartWith("<cpu mode='custom' match='exact'"));
        Assert.That(DomainDocument.Parse(xml).ReadCpu(), Is.EqualTo(cpu));
    }
}

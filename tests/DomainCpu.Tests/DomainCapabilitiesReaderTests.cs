using DomainCpu.Model;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>What libvirt 9.3 to 10.10 added to domain capabilities' CPU modes is read: host-model's
/// <c>&lt;maxphysaddr&gt;</c>, custom models' <c>canonical=</c> and the <c>&lt;blockers&gt;</c> after a model.</summary>
[TestFixture]
public class DomainCapabilitiesReaderTests
{
    private static DomainCapabilitiesCpu Read(string caseName) =>
        DomainCapabilitiesReader.Read(DomainDocument.LoadFile(Path.Combine(Golden.CaseDir("validate", caseName), "input.xml")));

    [Test]
    public void HostModelHoldsItsPhysicalAddressLimit()
    {
        var hostModel = Read("valid-domaincaps-11.3").HostModel.Cpu!;
        Assert.That(hostModel.MaxPhysAddr, Is.EqualTo(new MaxPhysAddr(MaxPhysAddrMode.Passthrough, null, 48)));
        Assert.That(hostModel.ModelName, Is.EqualTo("EPYC-Rome"));
    }

    [Test]
    public void CustomModelsCarryTheirCanonicalNameAndBlockers()
    {
        var models = Read("valid-domaincaps-11.3").Custom.Models;
        Assert.That(models.Select(m => (m.Name, m.Canonical)), Is.EqualTo(new[] { ("Haswell-noTSX", "Haswell-v2"), ("Broadwell", "Broadwell-v1") }));
        Assert.That(models[0].Blockers, Is.Empty);
        Assert.That(models[1].Blockers, Is.EqualTo(new[] { "hle", "rtm" }));
    }

    [Test]
    public void OlderCapabilitiesHaveNone()
    {
        var caps = Read("valid-domaincaps");
        Assert.That(caps.Custom.Models.Select(m => m.Canonical), Has.All.Null);
        Assert.That(caps.HostModel.Cpu!.MaxPhysAddr, Is.Null);
    }
}

using DomainCpu.Tests.Support;
using System.Collections.Immutable;
using System.Xml.Linq;
using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.Qemu;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Host;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Start;

namespace DomainCpu.Tests;

/// <summary>What QEMU's TCG gives a custom CPU, known from QEMU's catalog and what TCG emulates.</summary>
[TestFixture]
public class TcgGuestCpuTests
{
    private static readonly string[] NotEmulated = ["pcid", "x2apic", "tsc-deadline", "hle", "invpcid", "rtm"];

    private static CpuCatalog Catalog => EmbeddedCpuCatalog.Default;

    /// <summary>A TCG "max" CPU emulating every feature QEMU knows but the ones given.</summary>
    private static QemuHostCpu TcgMax(params string[] off) =>
        new("tcg", "base", true, EmbeddedCatalog.Qemu.Features
            .Where(f => f.QemuName is not null)
            .Select(f => new QemuCpuProperty(f.QemuName!, "boolean", off.Contains(f.QemuName!) ? "false" : "true", true))
            .ToImmutableArray());

    private static CpuDefinition Cpu(string xml) => CpuXmlReader.Read(XElement.Parse(xml), CpuType.Guest, "t.xml");

    private static bool Has(X86Data data, string feature) => data.Contains(Catalog.FindFeature(feature)!.Data);

    [Test]
    public void FeaturesTcgCannotEmulateAreLeftOut()
    {
        var cpu = Cpu("<cpu mode='custom' match='exact'><model>Haswell</model></cpu>");
        var (enabled, disabled) = TcgGuestCpu.Predict(Catalog, EmbeddedCatalog.Qemu, TcgMax(NotEmulated), "pc", "x86_64", cpu)!.Value;
        Assert.That(Has(enabled, "avx2"), Is.True);
        Assert.That(Has(enabled, "hypervisor"), Is.True);
        Assert.That(Has(enabled, "pcid"), Is.False);
        Assert.That(Has(disabled, "pcid"), Is.True);
        Assert.That(Has(disabled, "avx2"), Is.False);
    }

    [Test]
    public void ExplicitFeaturesAreAppliedBeforeFiltering()
    {
        var cpu = Cpu("<cpu mode='custom' match='exact'><model>Haswell</model><feature policy='disable' name='avx2'/>" +
                      "<feature policy='require' name='sha-ni'/></cpu>");
        var (enabled, _) = TcgGuestCpu.Predict(Catalog, EmbeddedCatalog.Qemu, TcgMax(NotEmulated), "pc", "x86_64", cpu)!.Value;
        Assert.That(Has(enabled, "avx2"), Is.False);
        Assert.That(Has(enabled, "sha-ni"), Is.True);
    }

    [Test]
    public void SvmFeaturesGoWithSvm()
    {
        var cpu = Cpu("<cpu mode='custom' match='exact'><model>EPYC</model><feature policy='disable' name='svm'/>" +
                      "<feature policy='require' name='npt'/></cpu>");
        var (enabled, disabled) = TcgGuestCpu.Predict(Catalog, EmbeddedCatalog.Qemu, TcgMax(), "pc", "x86_64", cpu)!.Value;
        Assert.That(Has(enabled, "npt"), Is.False);
        Assert.That(Has(disabled, "npt"), Is.True, "asked for explicitly, so QEMU reports it unavailable");
    }

    [Test]
    public void ArchCapabilitiesBitsStayOnUnderTcgFromQemu10_0()
    {
        // QEMU's max CPU under TCG shows neither IA32_ARCH_CAPABILITIES nor its bits; TCG in QEMU 10.0 still keeps the
        // bits a model asks for (qom-get rdctl-no on Cascadelake-Server-noTSX reads true), QEMU 7.2 does not.
        var cpu = Cpu("<cpu mode='custom' match='exact'><model>Cascadelake-Server-noTSX</model></cpu>");
        var max = TcgMax([.. NotEmulated, "arch-capabilities", "rdctl-no", "ibrs-all", "skip-l1dfl-vmentry", "mds-no"]);
        var (enabled10, disabled10) = TcgGuestCpu.Predict(Catalog, EmbeddedCatalog.For(10_000_000), max, "pc", "x86_64", cpu)!.Value;
        Assert.That(Has(enabled10, "rdctl-no") && Has(enabled10, "mds-no"), Is.True);
        Assert.That(Has(disabled10, "arch-capabilities"), Is.True);
        Assert.That(Has(disabled10, "rdctl-no"), Is.False);
        var (enabled72, disabled72) = TcgGuestCpu.Predict(Catalog, EmbeddedCatalog.Qemu, max, "pc", "x86_64", cpu)!.Value;
        Assert.That(Has(enabled72, "rdctl-no"), Is.False);
        Assert.That(Has(disabled72, "rdctl-no"), Is.True);
    }

    [Test]
    public void The32BitEmulatorHasNoLongMode()
    {
        var cpu = Cpu("<cpu mode='custom' match='exact'><model>core2duo</model></cpu>");
        var (x64, _) = TcgGuestCpu.Predict(Catalog, EmbeddedCatalog.Qemu, TcgMax(), "pc", "x86_64", cpu)!.Value;
        var (i686, _) = TcgGuestCpu.Predict(Catalog, EmbeddedCatalog.Qemu, TcgMax(), "pc", "i686", cpu)!.Value;
        Assert.That(Has(x64, "lm") && Has(x64, "syscall"), Is.True);
        Assert.That(Has(i686, "lm") || Has(i686, "syscall"), Is.False);
    }

    [Test]
    public void UnknownModelOrMachineGivesNoPrediction()
    {
        Assert.That(TcgGuestCpu.Predict(Catalog, EmbeddedCatalog.Qemu, TcgMax(), "pc", "x86_64",
            Cpu("<cpu mode='custom'><model>NoSuchModel</model></cpu>")), Is.Null);
        Assert.That(TcgGuestCpu.Predict(Catalog, EmbeddedCatalog.Qemu, TcgMax(), "no-such-machine", "x86_64",
            Cpu("<cpu mode='custom'><model>Haswell</model></cpu>")), Is.Null);
    }

    [Test]
    public void StartOfATcgGuestShowsWhatQemuGave()
    {
        var max = TcgMax(NotEmulated);
        var qemu = QemuCapabilities.None with { HostCpus = [max with { Properties = max.Properties.RemoveAll(p => p.Name == "pconfig") }], CpuModels = Haswell("tcg") };
        var cpu = Cpu("<cpu mode='custom' match='exact' check='none'><model fallback='forbid'>Haswell</model>" +
                      "<feature policy='disable' name='pconfig'/></cpu>");
        var live = Starts.Live(cpu, new DomainInfo("qemu", "x86_64", "pc", 2, 2), Starts.Context(Catalog) with { QemuCapabilities = qemu })!;
        var features = live.Features.ToDictionary(f => f.Name, f => f.Policy);
        Assert.That(live.Check, Is.EqualTo(CpuCheck.Full));
        Assert.That(features.GetValueOrDefault("pcid"), Is.EqualTo(FeaturePolicy.Disable));
        Assert.That(features.ContainsKey("pconfig"), Is.False, "a disabled feature QEMU does not know is dropped");
        Assert.That(features.ContainsKey("avx2"), Is.False, "enabled as the model says: nothing to record");
    }

    [Test]
    public void AGuestOnTheI386EmulatorGetsThatEmulatorsHostModel()
    {
        var qemu = QemuCapabilities.None with { Arch = "x86_64", HostCpus = [TcgMax() with { Properties = TcgMax().Properties.Add(new QemuCpuProperty("family", "number", "25", null)) }] };
        var reported = Cpu("<cpu mode='custom' match='exact'><model fallback='forbid'>EPYC</model></cpu>");
        var domcaps = new DomainCapabilitiesCpu(new MigratableMode(false, []), new MigratableMode(false, []),
            new HostModelMode(true, reported), new CustomMode(true, []));
        var context = Starts.Context(Catalog) with { DomainCapabilities = domcaps, QemuCapabilities = qemu };
        var cpu = Cpu("<cpu mode='host-model' check='none'/>");
        var on64 = Starts.Live(cpu, new DomainInfo("qemu", "x86_64", "pc", 1, 1, "/usr/bin/qemu-system-x86_64"), context)!;
        var on32 = Starts.Live(cpu, new DomainInfo("qemu", "i686", "pc", 1, 1, "/usr/bin/qemu-system-i386"), context)!;
        Assert.That(on64.ModelName, Is.EqualTo("EPYC"), "the x86_64 emulator's host model is the one domain capabilities report");
        Assert.That(on32.FindFeature("lm")?.Policy, Is.EqualTo(FeaturePolicy.Disable), "qemu-system-i386 has no long mode");
    }

    [Test]
    public void UnderKvmNothingIsPredicted()
    {
        var qemu = QemuCapabilities.None with { HostCpus = [TcgMax(NotEmulated)], CpuModels = Haswell("kvm") };
        var cpu = Cpu("<cpu mode='custom' match='exact' check='none'><model fallback='forbid'>Haswell</model></cpu>");
        var live = Starts.Live(cpu, new DomainInfo("kvm", "x86_64", "pc", 2, 2), Starts.Context(Catalog) with { QemuCapabilities = qemu })!;
        Assert.That(live.Features.Any(f => f.Name == "pcid"), Is.False);
    }

    /// <summary>A QEMU model list offering Haswell (a binary without models supports no custom CPU).</summary>
    private static ImmutableArray<QemuCpuModel> Haswell(string accel) => [new QemuCpuModel(accel, "Haswell", null, true, false, [])];
}

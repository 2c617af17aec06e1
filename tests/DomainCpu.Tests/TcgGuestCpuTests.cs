using DomainCpu.Tests.Support;
using System.Collections.Immutable;
using System.Xml.Linq;
using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.Qemu;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Host;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Start;

namespace DomainCpu.Tests;

/// <summary>What QEMU's TCG gives a custom CPU, known from QEMU's catalog and what TCG emulates.</summary>
[TestFixture]
public class TcgGuestCpuTests
{
    private static readonly string[] NotEmulated = ["pcid", "x2apic", "tsc-deadline", "hle", "invpcid", "rtm"];

    private static CpuCatalog Catalog => EmbeddedCpuMaps.For(9, 0);

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

    /// <summary>A disabled feature QEMU does not know: libvirt 9.0 drops it from the CPU at start, 10.5 and later keep it
    /// (live XML included) and leave it off <c>-cpu</c> only (<c>UnknownFeaturesSkippedOnCommandLine</c>).</summary>
    [TestCase(9, 0, false)]
    [TestCase(11, 3, true)]
    public void StartOfATcgGuestShowsWhatQemuGave(int major, int minor, bool keepsPconfig)
    {
        var max = TcgMax(NotEmulated);
        var qemu = QemuCapabilities.None with { HostCpus = [max with { Properties = max.Properties.RemoveAll(p => p.Name == "pconfig") }], CpuModels = Haswell("tcg") };
        var cpu = Cpu("<cpu mode='custom' match='exact' check='none'><model fallback='forbid'>Haswell</model>" +
                      "<feature policy='disable' name='pconfig'/></cpu>");
        var context = Starts.Context(Catalog) with
        {
            QemuCapabilities = qemu,
            Target = Starts.Target(Catalog) with { Libvirt = Targets.LibvirtProfile.For(new Targets.ReleaseVersion(major, minor)) },
        };
        var domain = Starts.Domain(new DomainInfo("qemu", "x86_64", "pc", 2, 2), cpu);
        var started = StartEngine.Start(domain, cpu, context);
        var live = started.Live!;
        var features = live.Features.ToDictionary(f => f.Name, f => f.Policy);
        Assert.That(live.Check, Is.EqualTo(CpuCheck.Full));
        Assert.That(features.GetValueOrDefault("pcid"), Is.EqualTo(FeaturePolicy.Disable));
        Assert.That(features.ContainsKey("pconfig"), Is.EqualTo(keepsPconfig), "a disabled feature QEMU does not know: dropped (9.0) or kept (10.5+)");
        Assert.That(features.ContainsKey("avx2"), Is.False, "enabled as the model says: nothing to record");
        var argument = CpuArgBuilder.Build(domain, started.ForQemu, qemu, context.Target.Libvirt).Value;
        Assert.That(argument, Does.StartWith("Haswell").And.Not.Contain("pconfig"), "never on -cpu: QEMU does not know it");
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

    /// <summary>libvirt reads the started vCPU of qemu-system-i386 back (x86 <c>feature-words</c>) up to 11.x, and from
    /// 12.4 only through <c>unavailable-features</c>, which that binary's record never has: the live CPU keeps its
    /// <c>check</c>, as libvirt 12.8 leaves it (the end-to-end suite's e2e-i686-host-model).</summary>
    [TestCase(11, 3, CpuCheck.Full)]
    [TestCase(12, 8, CpuCheck.Partial)]
    public void AStartedGuestOnTheI386EmulatorIsReadBackUntil124(int major, int minor, CpuCheck expected)
    {
        var qemu = QemuCapabilities.None with
        {
            Arch = "x86_64",
            Flags = [QemuCapabilityFlags.CpuUnavailableFeatures],
            HostCpus = [TcgMax(NotEmulated)],
            CpuModels = Haswell("tcg"),
        };
        var context = Starts.Context(Catalog) with
        {
            QemuCapabilities = qemu,
            Target = Starts.Target(Catalog) with { Libvirt = Targets.LibvirtProfile.For(new Targets.ReleaseVersion(major, minor)) },
        };
        var cpu = Cpu("<cpu mode='custom' match='exact' check='partial'><model fallback='forbid'>Haswell</model></cpu>");
        var on32 = Starts.Live(cpu, new DomainInfo("qemu", "i686", "pc", 1, 1, "/usr/bin/qemu-system-i386"), context)!;
        var on64 = Starts.Live(cpu, new DomainInfo("qemu", "x86_64", "pc", 1, 1, "/usr/bin/qemu-system-x86_64"), context)!;
        Assert.That(on32.Check, Is.EqualTo(expected), "qemu-system-i386's record has no cpu-unavailable-features");
        Assert.That(on64.Check, Is.EqualTo(CpuCheck.Full), "qemu-system-x86_64's record has it: read back in every release");
        if (expected == CpuCheck.Partial) Assert.That(on32.Features.Any(f => f.Name == "pcid"), Is.False, "nothing read back, nothing rewritten");
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

using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;
using DomainCpu.Start;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>QEMU's reading of the words <c>&lt;qemu:commandline&gt;</c> appends, rule by rule: the first pass over the
/// options (unknown name, missing argument, the next word as an argument whatever it looks like), then the disk images
/// the other words name, each refusal worded as libvirt reports QEMU's exit.</summary>
[TestFixture]
public class QemuCommandLineCheckTests
{
    /// <summary>A few options of QEMU's table: <c>name</c> and <c>drive</c> take an argument, <c>S</c> and
    /// <c>snapshot</c> do not.</summary>
    private static readonly QemuOptionTable Table = QemuOptionTable.Of(new Dictionary<string, bool>
    {
        ["name"] = true, ["drive"] = true, ["S"] = false, ["snapshot"] = false,
    });

    private const string Prefix = "QEMU unexpectedly closed the monitor (vm='guest'): qemu-system-x86_64: ";

    [Test]
    public void AWordWithADashThatNamesNoOptionIsInvalid() =>
        Assert.That(Refusal(["-unknown", "parameter"]), Is.EqualTo(("DC1700", Prefix + "-unknown: invalid option")));

    [Test]
    public void TwoDashesNameTheSameOption() => Assert.That(Refusal(["--name", "x", "--snapshot"]), Is.Null);

    [Test]
    public void AnUnknownDoubleDashWordIsNamedAsGiven() =>
        Assert.That(Refusal(["--bogus"]), Is.EqualTo(("DC1700", Prefix + "--bogus: invalid option")));

    [TestCase("-")]
    [TestCase("--")]
    [TestCase("---name")]
    public void ADashWithoutAKnownNameIsInvalid(string word) =>
        Assert.That(Refusal([word]), Is.EqualTo(("DC1700", Prefix + word + ": invalid option")));

    [Test]
    public void OptionNamesAreCaseSensitive() =>
        Assert.That(Refusal(["-s"]), Is.EqualTo(("DC1700", Prefix + "-s: invalid option")));

    [Test]
    public void AnOptionThatTakesAnArgumentCannotEndTheLine() =>
        Assert.That(Refusal(["-S", "-name"]), Is.EqualTo(("DC1701", Prefix + "-name: requires an argument")));

    [Test]
    public void TheNextWordIsTheArgumentEvenWithADash() => Assert.That(Refusal(["-name", "-foo"]), Is.Null);

    [Test]
    public void AnOptionWithoutArgumentLeavesTheNextWordAnImage() =>
        Assert.That(Refusal(["-S", "ARGUMENT"], exists: _ => false),
            Is.EqualTo(("DC1702", Prefix + "ARGUMENT: Could not open 'ARGUMENT': No such file or directory")));

    [Test]
    public void AnOptionArgumentIsNoImage() => Assert.That(Refusal(["-drive", "missing.img"], exists: _ => false), Is.Null);

    [Test]
    public void TheOptionPassComesBeforeAnyImage() =>
        Assert.That(Refusal(["ARGUMENT", "-unknown"], exists: _ => false), Is.EqualTo(("DC1700", Prefix + "-unknown: invalid option")));

    [Test]
    public void ARelativeImageIsOpenedFromTheRoot()
    {
        var asked = new List<string>();
        Assert.That(Refusal(["disk.img", "/var/lib/b.img"], exists: p => { asked.Add(p); return true; }), Is.Null);
        Assert.That(asked, Is.EqualTo(new[] { "/disk.img", "/var/lib/b.img" }));
    }

    [Test]
    public void AnImageThatExistsIsOpened() => Assert.That(Refusal(["ARGUMENT"], exists: p => p == "/ARGUMENT"), Is.Null);

    [TestCase("")]
    [TestCase("nbd:localhost:10809")]
    [TestCase("json:{}")]
    public void AnEmptyWordOrAProtocolIsNoFile(string word) => Assert.That(Refusal([word], exists: _ => false), Is.Null);

    [Test]
    public void ImagesAreNotCheckedWhenTheHostsFilesAreUnknown() => Assert.That(Refusal(["ARGUMENT"], exists: null), Is.Null);

    [Test]
    public void NothingIsCheckedWithoutAnOptionTable() =>
        Assert.That(Refusal(["-unknown", "ARGUMENT"], QemuOptionTable.Unknown, _ => false), Is.Null);

    [Test]
    public void TheProgramIsTheEmulatorsFileName() =>
        Assert.That(Refusal(["-x"], emulator: "/opt/qemu/bin/qemu-kvm")?.Message, Does.EndWith("(vm='guest'): qemu-kvm: -x: invalid option"));

    [Test]
    public void ARefusalPointsAtTheCommandLineElement()
    {
        var doc = Domain(["-x"], "/usr/bin/qemu-system-x86_64");
        var refused = Assert.Throws<DomainCpuException>(() =>
            QemuCommandLineCheck.Check(ArgvDomainReader.Read(doc), Table, null))!;
        Assert.That(refused.Diagnostic.Line, Is.EqualTo(5));
    }

    /// <summary>Each release's table, from the embedded catalog: the options the qemu-ns cases of libvirt's test suite
    /// pass, as every release's QEMU took them when libvirt started them.</summary>
    [TestCase(7_002_000UL)]
    [TestCase(10_000_000UL)]
    [TestCase(11_001_000UL)]
    public void EveryReleaseRefusesTheQemuNsArguments(ulong release)
    {
        var table = EmbeddedCatalog.For(release).Options;
        Assert.That(table.TakesArgument("name"), Is.True);
        Assert.That(table.TakesArgument("S"), Is.False);
        Assert.That(Refusal(["-unknown", "parameter"], table)?.Id, Is.EqualTo("DC1700"));
        Assert.That(Refusal(["ARGUMENT"], table, _ => false)?.Id, Is.EqualTo("DC1702"));
    }

    private static (string Id, string Message)? Refusal(string[] words, QemuOptionTable? table = null, Func<string, bool>? exists = null,
        string emulator = "/usr/bin/qemu-system-x86_64")
    {
        var domain = ArgvDomainReader.Read(Domain(words, emulator));
        try
        {
            QemuCommandLineCheck.Check(domain, table ?? Table, exists);
            return null;
        }
        catch (DomainCpuException ex)
        {
            return (ex.Diagnostic.Id, ex.Diagnostic.Message);
        }
    }

    private static DomainDocument Domain(string[] words, string emulator) => DomainDocument.Parse(
        "<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n  <name>guest</name>\n" +
        "  <memory unit='KiB'>219136</memory>\n  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n  <qemu:commandline>\n" +
        string.Concat(words.Select(w => $"    <qemu:arg value='{System.Security.SecurityElement.Escape(w)}'/>\n")) +
        $"  </qemu:commandline>\n  <devices><emulator>{emulator}</emulator></devices>\n</domain>\n", "guest.xml");
}

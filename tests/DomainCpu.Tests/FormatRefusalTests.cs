using System.Text;
using System.Text.RegularExpressions;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary><c>domaincpu format</c> on input it must refuse: exit 1 or 2, exactly one <c>file:line:col</c> line on
/// stderr, no stack trace, nothing on stdout. And <c>--in-place</c> replaces the file through a temp file and a
/// rename, touching no byte outside <c>&lt;cpu&gt;</c>.</summary>
[TestFixture]
public class FormatRefusalTests
{
    private string _dir = "";

    [SetUp]
    public void MakeDir()
    {
        _dir = Path.Combine(Path.GetTempPath(), "domaincpu-refusal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private static readonly Regex OneFinding = new(@"^(?<file>.+):(?<line>\d+):(?<col>\d+): error: ", RegexOptions.CultureInvariant);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    private static void AssertRefused(CliHarness.Result r, string path, int? line = null)
    {
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1).Or.EqualTo(2), r.Stderr);
            Assert.That(r.Stdout, Is.Empty, "stdout must stay empty on failure");
            var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(1), r.Stderr);
            var m = OneFinding.Match(lines.FirstOrDefault() ?? "");
            Assert.That(m.Success, Is.True, $"not a file:line:col finding: {r.Stderr}");
            Assert.That(m.Groups["file"].Value, Is.EqualTo(path));
            if (line is not null) Assert.That(int.Parse(m.Groups["line"].Value), Is.EqualTo(line), r.Stderr);
            Assert.That(r.Stderr, Does.Not.Contain("   at "), "stack trace on stderr");
            Assert.That(r.Stderr, Does.Not.Contain("Exception"), "exception name on stderr");
        });
    }

    [Test]
    public void MalformedXml()
    {
        var path = Write("bad.xml", "<domain type='kvm'>\n  <cpu mode='host-model'>\n  </domain>\n");
        AssertRefused(CliHarness.Run("format", path), path, line: 3);
    }

    [Test]
    public void UnclosedAttributeQuote()
    {
        var path = Write("quote.xml", "<domain>\n  <cpu mode='host-model/>\n</domain>\n");
        AssertRefused(CliHarness.Run("format", path), path);
    }

    [Test]
    public void Dtd()
    {
        var path = Write("dtd.xml", "<?xml version='1.0'?>\n<!DOCTYPE domain [\n  <!ENTITY x 'y'>\n]>\n<domain>&x;</domain>\n");
        AssertRefused(CliHarness.Run("format", path), path);
    }

    [Test]
    public void ExternalEntity()
    {
        var secret = Write("secret.txt", "do not read me");
        var path = Write("xxe.xml", $"<!DOCTYPE domain [\n  <!ENTITY xxe SYSTEM 'file://{secret}'>\n]>\n<domain><name>&xxe;</name></domain>\n");
        var r = CliHarness.Run("format", path);
        AssertRefused(r, path);
        Assert.That(r.Stderr, Does.Not.Contain("do not read me"));
    }

    [Test]
    public void UndeclaredEntityWithoutDtd()
    {
        var path = Write("entity.xml", "<domain>\n  <name>&xxe;</name>\n</domain>\n");
        AssertRefused(CliHarness.Run("format", path), path, line: 2);
    }

    [Test]
    public void HundredMegabyteFile()
    {
        var path = Path.Combine(_dir, "huge.xml");
        using (var s = File.Create(path))
        {
            var head = Encoding.UTF8.GetBytes("<domain type='kvm'>\n<description>");
            s.Write(head);
            var chunk = Encoding.UTF8.GetBytes(new string('x', 1 << 20));
            for (var i = 0; i < 100; i++) s.Write(chunk);
            s.Write(Encoding.UTF8.GetBytes("</description>\n</domain>\n"));
        }
        Assert.That(new FileInfo(path).Length, Is.GreaterThan(100L * 1000 * 1000));
        AssertRefused(CliHarness.Run("format", path), path);
    }

    [Test]
    public void HundredMegabytesOnStandardInput()
    {
        var bytes = new byte[100 * 1024 * 1024];
        Array.Fill(bytes, (byte)' ');
        Encoding.UTF8.GetBytes("<domain>").CopyTo(bytes, 0);
        AssertRefused(CliHarness.RunWithInput(bytes, "format", "-"), "-");
    }

    [Test]
    public void TenThousandDeepNesting()
    {
        var sb = new StringBuilder("<domain>\n");
        for (var i = 0; i < 10_000; i++) sb.Append("<a>");
        for (var i = 0; i < 10_000; i++) sb.Append("</a>");
        sb.Append("\n</domain>\n");
        var path = Write("deep.xml", sb.ToString());
        AssertRefused(CliHarness.Run("format", path), path, line: 2);
    }

    [Test]
    public void InvalidUtf8()
    {
        var path = Write("latin.xml", new byte[] { (byte)'<', (byte)'d', (byte)'>', 0xC3, 0x28, (byte)'<', (byte)'/', (byte)'d', (byte)'>' });
        AssertRefused(CliHarness.Run("format", path), path);
    }

    [Test]
    public void CpuLibvirtRefuses()
    {
        var path = Write("mig.xml", "<domain type='kvm'>\n  <os><type arch='x86_64'>hvm</type></os>\n  <cpu mode='custom' migratable='on'>\n    <model>qemu64</model>\n  </cpu>\n</domain>\n");
        AssertRefused(CliHarness.Run("format", path), path, line: 3);
    }

    /// <summary>CPUs libvirt's parser refuses (SPEC §1.2, §1.7); the finding points at the third line.</summary>
    [TestCase("<cpu match='exact'>\n  <model vendor_id='GenuineIntéx'>qemu64</model>", TestName = "VendorIdOfTwelveCharactersButThirteenBytes")]
    [TestCase("<cpu match='exact'>\n  <model vendor_id='Genuine,ntel'>qemu64</model>", TestName = "VendorIdWithComma")]
    [TestCase("<cpu match='exact'>\n  <vendor>Intel</vendor>", TestName = "VendorWithoutModel")]
    [TestCase("<cpu>\n  <feature name='vmx'/>", TestName = "FeatureOfCustomCpuWithoutModel")]
    [TestCase("<cpu mode='host-model'>\n  <topology sockets='0' cores='1' threads='1'/>", TestName = "ZeroSockets")]
    [TestCase("<cpu mode='host-model'>\n  <feature name='vmx'/><feature name='vmx'/>", TestName = "DuplicateFeature")]
    [TestCase("<cpu mode='host-model'>\n  <cache mode='emulate'/><cache mode='disable'/>", TestName = "TwoCaches")]
    [TestCase("<cpu mode='host-model'>\n  <cache level='4' mode='emulate'/>", TestName = "CacheLevelFour")]
    [TestCase("<cpu mode='host-model'>\n  <feature policy='sometimes' name='vmx'/>", TestName = "UnknownPolicy")]
    [TestCase("<cpu mode='host-model'>\n  <numa><cell id='1' memory='1'/></numa>", TestName = "NumaCellIdOutOfRange")]
    [TestCase("<cpu mode='host-model'>\n  <numa><cell cpus='0-1' memory='1'/><cell cpus='1' memory='1'/></numa>", TestName = "NumaCellsOverlap")]
    [TestCase("<cpu mode='host-model'>\n  <numa><cell memory='1'><distances><sibling id='0' value='20'/></distances></cell></numa>", TestName = "NumaSelfDistanceNotTen")]
    public void CpuParserRefusal(string cpuStart)
    {
        var path = Write("cpu.xml", "<domain type='kvm'>\n  <vcpu>2</vcpu>\n" + cpuStart + "\n</cpu>\n</domain>\n");
        AssertRefused(CliHarness.Run("format", path), path, line: 4);
    }

    [Test]
    public void CheckOnModelLessCpuWithoutDefaultModelIsRefusedAtDefine()
    {
        var path = Write("check.xml", "<domain type='kvm'>\n  <vcpu>2</vcpu>\n  <os>\n    <type arch='x86_64' machine='pc'>hvm</type>\n  </os>\n  <cpu check='full'>\n    <topology sockets='1' cores='2' threads='1'/>\n  </cpu>\n</domain>\n");
        AssertRefused(CliHarness.Run("format", "--define", path), path, line: 6);
    }

    [Test]
    public void UnknownMachineTypeIsRefusedAtDefineWithCapabilities()
    {
        var caps = Write("caps.xml", "<qemuCaps>\n  <cpu type='kvm' name='qemu64' typename='qemu64-x86_64-cpu'/>\n  <machine type='kvm' name='pc-i440fx-7.2' alias='pc' default='yes' defaultCPU='qemu64-x86_64-cpu'/>\n</qemuCaps>\n");
        var path = Write("old.xml", "<domain type='kvm'>\n  <vcpu>1</vcpu>\n  <os>\n    <type arch='x86_64' machine='pc-1.0'>hvm</type>\n  </os>\n</domain>\n");
        AssertRefused(CliHarness.Run("format", "--define", "--qemu-caps", caps, path), path);
        Assert.That(CliHarness.Run("format", "--define", path).ExitCode, Is.EqualTo(0), "without capabilities no machine is refused");
    }

    [Test]
    public void NumaLinkDefinedBothWaysIsRefused()
    {
        var path = Write("link.xml", "<domain>\n  <vcpu>2</vcpu>\n  <cpu>\n    <numa>\n      <cell cpus='0' memory='1024'/>\n      <cell cpus='1' memory='1024'/>\n" +
            "      <interconnects>\n        <latency initiator='0' target='1' type='access' value='5'/>\n        <bandwidth initiator='1' target='0' type='access' value='5'/>\n      </interconnects>\n    </numa>\n  </cpu>\n</domain>\n");
        AssertRefused(CliHarness.Run("format", path), path, line: 9);
    }

    [Test]
    public void MissingFileIsUsageError()
    {
        var r = CliHarness.Run("format", Path.Combine(_dir, "absent.xml"));
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2));
            Assert.That(r.Stdout, Is.Empty);
            Assert.That(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public void DeprecatedFeatureFormWarnsOnStderrAndIsRewritten()
    {
        var path = Write("old.xml", "<domain type='kvm'>\n  <cpu match='exact'>\n    <model>Nehalem</model>\n    <feature mode='set' value='off' name='vme'/>\n  </cpu>\n</domain>\n");
        var r = CliHarness.Run("format", path);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            Assert.That(r.StdoutText, Does.Contain("<feature policy='disable' name='vme'/>"));
            Assert.That(r.Stderr, Does.Match($"^{Regex.Escape(path)}:4:6: warning: .*deprecated.*policy='disable'"));
        });
    }

    [Test]
    public void InPlaceReplacesTheFileThroughRename()
    {
        var original = "<?xml version=\"1.0\"?>\r\n<!-- keep me -->\r\n<domain type=\"kvm\">\r\n\t<name>x</name>\r\n\t<cpu match=\"exact\"><model>Haswell</model><feature name=\"vmx\"/></cpu>\r\n\t<clock offset=\"utc\"/>\r\n</domain>\r\n";
        var path = Write("guest.xml", original);
        var link = Path.Combine(_dir, "hardlink.xml");
        MakeHardLink(path, link);

        var r = CliHarness.Run("format", "--in-place", path);

        var expected = original.Replace(
            "<cpu match=\"exact\"><model>Haswell</model><feature name=\"vmx\"/></cpu>",
            "<cpu mode='custom' match='exact'>\r\n\t\t<model fallback='allow'>Haswell</model>\r\n\t\t<feature policy='require' name='vmx'/>\r\n\t</cpu>",
            StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            Assert.That(r.Stdout, Is.Empty, "--in-place prints nothing");
            Assert.That(File.ReadAllText(path), Is.EqualTo(expected));
            // A rename gives the path a new file: the old inode, still reachable through the hard link, is untouched.
            Assert.That(File.ReadAllText(link), Is.EqualTo(original), "the file was written in place, not replaced by a rename");
            Assert.That(Directory.GetFiles(_dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "guest.xml", "hardlink.xml" }), "temp file left behind");
        });
    }

    [Test]
    public void InPlaceLeavesARefusedFileAlone()
    {
        var original = "<domain>\n  <cpu mode='bogus'/>\n</domain>\n";
        var path = Write("bad.xml", original);
        var r = CliHarness.Run("format", "--in-place", path);
        AssertRefused(r, path, line: 2);
        Assert.That(File.ReadAllText(path), Is.EqualTo(original));
        Assert.That(Directory.GetFiles(_dir), Has.Length.EqualTo(1));
    }

    [Test]
    public void InPlaceNeedsAFile()
    {
        var r = CliHarness.RunWithInput(Encoding.UTF8.GetBytes("<domain/>"), "format", "--in-place", "-");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stdout, Is.Empty);
    }

    private static void MakeHardLink(string target, string link)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ln", new[] { target, link })
        {
            RedirectStandardError = true,
        })!;
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.EqualTo(0), p.StandardError.ReadToEnd());
    }
}

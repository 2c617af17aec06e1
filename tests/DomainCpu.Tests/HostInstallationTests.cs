using DomainCpu.Targets;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>Finding this host's libvirt from its files (release, cpu_map, the QEMU driver's cached records), and
/// commands answering as it when nothing else names a target.</summary>
[TestFixture]
public class HostInstallationTests
{
    private string _root = "";

    [SetUp]
    public void MakeRoot()
    {
        _root = Path.Combine(Path.GetTempPath(), $"domaincpu-hostroot-{Environment.ProcessId}-{TestContext.CurrentContext.Test.Name.GetHashCode():x}");
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        Directory.CreateDirectory(_root);
    }

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    private void Library(string name)
    {
        var dir = Path.Combine(_root, "usr", "lib", "x86_64-linux-gnu");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name), "");
    }

    private string CpuMap()
    {
        var dir = Path.Combine(_root, "usr", "share", "libvirt", "cpu_map");
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(Path.Combine(Golden.Root, "testdata", "cpu-map-mini")))
        {
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        }
        return dir;
    }

    private string CacheRecord(string name, string emulator, string selfvers)
    {
        var dir = Path.Combine(_root, "var", "cache", "libvirt", "qemu", "capabilities");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, $"<qemuCaps>\n  <emulator>{emulator}</emulator>\n  <qemuctime>1</qemuctime>\n  <selfvers>{selfvers}</selfvers>\n</qemuCaps>\n");
        return path;
    }

    [Test]
    public void NoLibvirtNoInstallation() => Assert.That(HostInstallation.Discover(_root), Is.Null);

    [Test]
    public void TheReleaseComesFromTheLibraryName()
    {
        Library("libvirt.so.0");
        Library("libvirt.so.0.11003.0");
        var map = CpuMap();
        var host = HostInstallation.Discover(_root)!;
        Assert.That(host.Libvirt, Is.EqualTo(new ReleaseVersion(11, 3, 0)));
        Assert.That(host.CpuMapDirectory, Is.EqualTo(map));
        Assert.That(host.QemuCapabilities, Is.Empty);
    }

    [Test]
    public void CachedRecordsAreFoundByEmulatorAndTellTheReleaseWhenTheLibraryDoesNot()
    {
        CpuMap();
        var x86 = CacheRecord("0a1b.xml", "/usr/bin/qemu-system-x86_64", "9000000");
        CacheRecord("2c3d.xml", "/usr/bin/qemu-system-i386", "9000000");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(x86)!, "junk.xml"), "<notcaps/>");
        var host = HostInstallation.Discover(_root)!;
        Assert.That(host.Libvirt, Is.EqualTo(new ReleaseVersion(9, 0)));
        Assert.That(host.QemuCapabilities, Has.Count.EqualTo(2));
        Assert.That(host.RecordFor("/usr/bin/qemu-system-x86_64")!.File, Is.EqualTo(x86));
        Assert.That(host.RecordFor("/usr/bin/qemu-system-aarch64"), Is.Null);
    }

    /// <summary>Hosts of the test map's invented models (Peak-2): only a libvirt with that map knows them.</summary>
    private static byte[] MiniMapHosts => File.ReadAllBytes(Path.Combine(Golden.Root, "testdata", "baseline", "amd-older-and-newer", "input1.xml"));

    /// <summary>A real host CPU every catalog knows.</summary>
    private static byte[] RealHost => File.ReadAllBytes(Path.Combine(Golden.Root, "testdata", "expand", "host-model-features", "caps.xml"));

    [Test]
    public void CommandsAnswerWithTheHostsCpuMapWhenNothingElseIsNamed()
    {
        Library("libvirt.so.0.9000.0");
        CpuMap();
        var onHost = CliHarness.RunOnHost(_root, MiniMapHosts, "baseline", "-");
        Assert.That(onHost.ExitCode, Is.EqualTo(0), onHost.Stderr);
        Assert.That(onHost.StdoutText, Does.Contain("Peak-2"));
        // Another release than the host's is not answered with the host's map.
        var otherRelease = CliHarness.RunOnHost(_root, MiniMapHosts, "baseline", "--libvirt", "11.3", "-");
        Assert.That(otherRelease.ExitCode, Is.EqualTo(1), otherRelease.Stderr);
        Assert.That(otherRelease.Stderr, Does.Contain("Unknown CPU model Peak-2"));
        Assert.That(CliHarness.RunOnHost(null, MiniMapHosts, "baseline", "-").ExitCode, Is.EqualTo(1));
    }

    [Test]
    public void WithoutLibvirtTheEmbeddedCatalogAnswersAndSaysSoOnce()
    {
        var r = CliHarness.RunOnHost(_root, RealHost, "baseline", "-");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var notes = r.Stderr.Split('\n').Where(l => l.Contains("no libvirt installed here")).ToList();
        Assert.That(notes, Has.Count.EqualTo(1));
        Assert.That(notes[0], Does.Contain("embedded"));
    }
}

using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The packages a user gets: the library package and the dotnet tool, packed from this checkout into a
/// local folder once; the tool is installed from it into a temp tool path and run, and the example management app
/// (examples/ManageCpu) is built against the library package from it and run.</summary>
[TestFixture]
[Category("package")]
[NonParallelizable]
public class PackagingTests
{
    private const string Version = "0.1.0";
    private DirectoryInfo _work = null!;
    private string _feed = null!;

    [OneTimeSetUp]
    public void Pack()
    {
        _work = Directory.CreateTempSubdirectory("domaincpu-pack-");
        _feed = Path.Combine(_work.FullName, "feed");
        foreach (var project in new[] { "src/DomainCpu/DomainCpu.csproj", "src/DomainCpu.Cli/DomainCpu.Cli.csproj" })
        {
            var pack = ProcessRunner.Run("dotnet", new[] { "pack", project, "-c", "Release", "-o", _feed, "--nologo" });
            Assert.That(pack.ExitCode, Is.EqualTo(0), pack.Stdout + pack.Stderr);
        }
    }

    [OneTimeTearDown]
    public void Clean() => _work.Delete(recursive: true);

    [Test]
    public void PacksTheLibraryWithSymbolsAndTheTool()
    {
        var files = Directory.GetFiles(_feed).Select(Path.GetFileName).ToList();
        Assert.That(files, Does.Contain($"DomainCpu.{Version}.nupkg"));
        Assert.That(files, Does.Contain($"DomainCpu.{Version}.snupkg"));
        Assert.That(files, Does.Contain($"DomainCpu.Tool.{Version}.nupkg"));
    }

    [Test]
    public void TheLibraryPackageCarriesTheSchemasForEditors()
    {
        using var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(_feed, $"DomainCpu.{Version}.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var xsd in Directory.GetFiles(Path.Combine(Golden.Root, "schemas"), "*.xsd").Select(Path.GetFileName))
        {
            Assert.That(entries, Does.Contain($"schemas/{xsd}"));
            Assert.That(entries, Does.Contain($"contentFiles/any/any/domaincpu-schemas/{xsd}"));
        }
    }

    [Test]
    public void InstallAndRunTheTool()
    {
        var toolPath = Path.Combine(_work.FullName, "tools");
        var install = ProcessRunner.Run("dotnet", new[]
        {
            "tool", "install", "DomainCpu.Tool", "--tool-path", toolPath, "--add-source", _feed, "--version", Version,
        });
        Assert.That(install.ExitCode, Is.EqualTo(0), install.Stdout + install.Stderr);

        var exe = Path.Combine(toolPath, "domaincpu");
        var version = ProcessRunner.Run(exe, new[] { "--version" });
        Assert.That(version.ExitCode, Is.EqualTo(0), version.Stderr);
        Assert.That(version.Stdout, Does.StartWith(Version));

        var format = ProcessRunner.Run(exe, new[] { "--libvirt", "12.8", "format", Path.Combine(Golden.Root, "samples", "domain.xml") });
        Assert.That(format.ExitCode, Is.EqualTo(0), format.Stderr);
        Assert.That(format.Stdout, Does.Contain("<topology sockets='2' dies='1' clusters='1' cores='2' threads='1'/>"), "as libvirt 12.8 writes it");
    }

    /// <summary>The example is copied out of the repository, so that it builds as a user's project would: no
    /// Directory.Build.props, the package from the local folder only, and a package cache of its own (a package
    /// cache shared with earlier runs would keep an older DomainCpu of the same version).</summary>
    [Test]
    public void BuildAndRunTheExampleAgainstThePackage()
    {
        var source = Path.Combine(Golden.Root, "examples", "ManageCpu");
        var app = Path.Combine(_work.FullName, "ManageCpu");
        Directory.CreateDirectory(app);
        foreach (var f in new[] { "ManageCpu.csproj", "Program.cs" }) File.Copy(Path.Combine(source, f), Path.Combine(app, f));
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_work.FullName, "packages") };
        var output = Path.Combine(_work.FullName, "app");
        var build = ProcessRunner.Run("dotnet", new[]
        {
            "build", app, "-c", "Release", "-o", output, "--source", _feed, $"-p:DomainCpuVersion={Version}", "--nologo",
        }, workingDirectory: app, environment: environment);
        Assert.That(build.ExitCode, Is.EqualTo(0), build.Stdout + build.Stderr);
        Assert.That(File.Exists(Path.Combine(output, "DomainCpu.Core.dll")), Is.True, "the library comes from the package");

        var live = Path.Combine(_work.FullName, "live.xml");
        var run = ProcessRunner.Run("dotnet", new[]
        {
            Path.Combine(output, "ManageCpu.dll"), Path.Combine(source, "domain.xml"), Path.Combine(source, "domcapabilities.xml"), live,
        });
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Stdout + run.Stderr);
        var lines = run.Stdout.Split('\n');
        Assert.That(lines, Has.Some.StartWith("-cpu Cascadelake-Server-noTSX,"));
        Assert.That(lines, Has.Some.Contains("pcid=on"), "the feature the app added reaches -cpu");
        Assert.That(lines, Has.Some.EqualTo("-smp 4,sockets=2,dies=1,cores=2,threads=1"));
        Assert.That(lines, Has.Some.EqualTo("strip: configured XML restored"));

        var written = File.ReadAllText(live);
        Assert.That(written, Does.Contain("<model fallback='forbid'>Cascadelake-Server-noTSX</model>"));
        Assert.That(written, Does.Contain("<name>web-01</name>"));
        Assert.That(written, Does.Contain("<metadata>"), "the live XML keeps the configured CPU for strip");
    }
}

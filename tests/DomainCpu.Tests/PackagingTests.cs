using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The packages a user gets: the library package and the dotnet tool, packed from this checkout,
/// the tool installed from a local folder into a temp tool path and run.</summary>
[TestFixture]
[Category("package")]
[NonParallelizable]
public class PackagingTests
{
    [Test]
    public void PackInstallAndRunTheTool()
    {
        var work = Directory.CreateTempSubdirectory("domaincpu-pack-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            foreach (var project in new[] { "src/DomainCpu/DomainCpu.csproj", "src/DomainCpu.Cli/DomainCpu.Cli.csproj" })
            {
                var pack = ProcessRunner.Run("dotnet", new[] { "pack", project, "-c", "Release", "-o", feed, "--nologo" });
                Assert.That(pack.ExitCode, Is.EqualTo(0), pack.Stdout + pack.Stderr);
            }
            var files = Directory.GetFiles(feed).Select(Path.GetFileName).ToList();
            Assert.That(files, Does.Contain("DomainCpu.0.1.0.nupkg"));
            Assert.That(files, Does.Contain("DomainCpu.0.1.0.snupkg"));
            Assert.That(files, Does.Contain("DomainCpu.Tool.0.1.0.nupkg"));

            var toolPath = Path.Combine(work.FullName, "tools");
            var install = ProcessRunner.Run("dotnet", new[]
            {
                "tool", "install", "DomainCpu.Tool", "--tool-path", toolPath, "--add-source", feed, "--version", "0.1.0",
            });
            Assert.That(install.ExitCode, Is.EqualTo(0), install.Stdout + install.Stderr);

            var exe = Path.Combine(toolPath, "domaincpu");
            var version = ProcessRunner.Run(exe, new[] { "--version" });
            Assert.That(version.ExitCode, Is.EqualTo(0), version.Stderr);
            Assert.That(version.Stdout, Does.StartWith("0.1.0"));

            var format = ProcessRunner.Run(exe, new[] { "format", Path.Combine(Golden.Root, "samples", "domain.xml") });
            Assert.That(format.ExitCode, Is.EqualTo(0), format.Stderr);
            Assert.That(format.Stdout, Does.Contain("<topology sockets='2' dies='1' cores='2' threads='1'/>"));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}

using System.Diagnostics;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The CLI publishes as a NativeAOT single file (net9.0, linux-x64) without trim or AOT warnings, and the
/// native binary works. Slow (a minute or more): category "publish".</summary>
[TestFixture]
[Category("publish")]
public class NativeAotPublishTests
{
    [Test]
    public void PublishesAWorkingNativeBinaryWithoutWarnings()
    {
        var output = Path.Combine(Path.GetTempPath(), "domaincpu-aot-" + Guid.NewGuid().ToString("N"));
        try
        {
            var project = Path.Combine(Golden.Root, "src", "DomainCpu.Cli");
            var publish = Run("dotnet", Golden.Root, TimeSpan.FromMinutes(15),
                "publish", project, "-f", "net9.0", "-r", "linux-x64", "-c", "Release", "-o", output, "-nologo");
            Assert.That(publish.Code, Is.EqualTo(0), publish.Output);
            var warnings = publish.Output.Split('\n').Where(l => l.Contains(" warning ", StringComparison.Ordinal)).ToList();
            Assert.That(warnings, Is.Empty, "trim/AOT warnings:\n" + string.Join("\n", warnings));

            var exe = Path.Combine(output, "domaincpu");
            Assert.That(File.Exists(exe), Is.True, "no native domaincpu in the publish folder");
            Assert.That(File.Exists(Path.Combine(output, "domaincpu.dll")), Is.False, "the publish is not native (found domaincpu.dll)");

            var version = Run(exe, output, TimeSpan.FromMinutes(1), "--version");
            Assert.That(version.Code, Is.EqualTo(0), version.Output);
            Assert.That(version.Output.Trim(), Does.Match(@"^\d+\.\d+\.\d+"));

            var sample = Path.Combine(Golden.Root, "testdata", "format", "shuffled-children", "input.xml");
            var format = Run(exe, output, TimeSpan.FromMinutes(1), "--libvirt", Golden.DefaultLibvirt, "format", sample);
            Assert.That(format.Code, Is.EqualTo(0), format.Output);
            var expected = File.ReadAllText(Path.Combine(Golden.Root, "testdata", "format", "shuffled-children", "expected.xml"));
            Assert.That(format.Output, Is.EqualTo(expected));
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    private static (int Code, string Output) Run(string file, string workDir, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}

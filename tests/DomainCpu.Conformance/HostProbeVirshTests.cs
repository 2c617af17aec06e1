using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using DomainCpu.Cli;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// The oracle on this very machine: the <c>&lt;cpu&gt;</c> that <c>domaincpu capabilities</c> probes must equal the
/// host <c>&lt;cpu&gt;</c> of libvirt's own <c>virsh capabilities</c> (embedded QEMU driver in a throw-away root).
/// virsh is required: a machine without it fails this test.
/// </summary>
[TestFixture]
public class HostProbeVirshTests
{
    /// <summary>The CPU map of the installed libvirt, the one virsh decodes this host with.</summary>
    private const string LibvirtCpuMap = "/usr/share/libvirt/cpu_map";

    [Test]
    public void ProbedHostCpuEqualsVirshCapabilities()
    {
        var root = Directory.CreateTempSubdirectory("domaincpu-virsh-").FullName;
        try
        {
            var virsh = RunVirsh(root);
            var expected = HostCpuOf(virsh);

            using var input = new MemoryStream();
            using var output = new MemoryStream();
            using var error = new StringWriter();
            var code = DomainCpu.Cli.Program.Run(["--libvirt", "9.0", "capabilities", "--cpu-map", LibvirtCpuMap], new CliContext(input, output, error));
            Assert.That(code, Is.EqualTo(0), error.ToString());
            var actual = Encoding.UTF8.GetString(output.ToArray());
            TestContext.Out.WriteLine(actual);
            Assert.That(actual, Is.EqualTo(expected), "domaincpu capabilities differs from virsh capabilities on this machine");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The host &lt;cpu&gt; element of a capabilities document, as its source lines without the indentation
    /// of its position (libvirt indents it by four spaces inside &lt;capabilities&gt;&lt;host&gt;).</summary>
    private static string HostCpuOf(string capabilities)
    {
        var doc = XDocument.Parse(capabilities);
        Assert.That(doc.Root?.Element("host")?.Element("cpu"), Is.Not.Null, "virsh capabilities has no <host><cpu>");
        var lines = capabilities.Split('\n');
        var start = Array.FindIndex(lines, l => l == "    <cpu>");
        var end = Array.FindIndex(lines, start + 1, l => l == "    </cpu>");
        Assert.That(start >= 0 && end > start, "cannot find the host <cpu> lines in virsh's output");
        return string.Concat(lines[start..(end + 1)].Select(l => (l.StartsWith("    ", StringComparison.Ordinal) ? l[4..] : l) + "\n"));
    }

    private static string RunVirsh(string root)
    {
        var psi = new ProcessStartInfo("virsh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"qemu:///embed?root={root}");
        psi.ArgumentList.Add("capabilities");
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"virsh is required for this test (install libvirt-clients and libvirt-daemon-driver-qemu): {ex.Message}");
            throw;
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                p.Kill(entireProcessTree: true);
                Assert.Fail("virsh capabilities did not finish within 2 minutes");
            }
            Assert.That(p.ExitCode, Is.EqualTo(0), $"virsh capabilities failed: {stderr.Result}");
            return stdout.Result;
        }
    }
}

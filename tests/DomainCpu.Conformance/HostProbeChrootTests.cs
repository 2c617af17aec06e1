using System.Text;
using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// The oracle on this very machine, for libvirt 11.3 (Debian trixie) and 12.8 (sid) in their chroots: the host
/// <c>&lt;cpu&gt;</c> of <c>domaincpu capabilities --libvirt R --cpu-map MAP</c> (the corpus' map of that release, the
/// one the chroot's libvirt has) must equal the one of that libvirt's <c>virsh capabilities</c> (embedded QEMU
/// driver), byte for byte: the MSRs the probe reads, the model chosen (versioned names decode for hosts), the
/// features, and the host topology with <c>clusters='1'</c>.
/// </summary>
[TestFixture]
public class HostProbeChrootTests
{
    [TestCase("trixie", "libvirt-11.3", "11.3")]
    [TestCase("sid", "libvirt-12.8", "12.8")]
    public void ProbedHostCpuEqualsVirshCapabilities(string suite, string folder, string release)
    {
        var virsh = ChrootVirsh.Run(suite, "qemu:///embed?root={tmp}", new Dictionary<string, string>(), ["capabilities"])[0];
        var expected = HostCpuOf(virsh);
        var r = LifecycleCli.Run(Array.Empty<byte>(), "capabilities", "--libvirt", release, "--cpu-map", Path.Combine(Corpus.Release(folder), "cpu_map"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var actual = Encoding.UTF8.GetString(r.Stdout);
        TestContext.Out.WriteLine(actual);
        Assert.That(actual, Is.EqualTo(expected), $"domaincpu capabilities differs from libvirt {release}'s virsh capabilities on this machine");
    }

    /// <summary>The host &lt;cpu&gt; element of a capabilities document, as its source lines without the four spaces of
    /// indentation it has inside &lt;capabilities&gt;&lt;host&gt;.</summary>
    private static string HostCpuOf(string capabilities)
    {
        var lines = capabilities.Split('\n');
        var start = Array.FindIndex(lines, l => l == "    <cpu>");
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"virsh capabilities has no host <cpu>:\n{capabilities}");
        var end = Array.FindIndex(lines, start + 1, l => l == "    </cpu>");
        Assert.That(end, Is.GreaterThan(start), "cannot find the end of the host <cpu> in virsh's output");
        return string.Concat(lines[start..(end + 1)].Select(l => (l.StartsWith("    ", StringComparison.Ordinal) ? l[4..] : l) + "\n"));
    }
}

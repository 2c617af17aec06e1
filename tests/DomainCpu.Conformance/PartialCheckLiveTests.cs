using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// <c>check='partial'</c> against real libvirt 11.3 + QEMU 10.0 and libvirt 12.8 + QEMU 11.1 (corpus folders
/// <c>live-qemu-10.0</c>, <c>live-qemu-11.1</c>: TCG lifecycles of libvirt 11.3's xmlconf domains, <c>type='kvm'</c>
/// read as <c>qemu</c>; both ran libvirt 11.3's domains, libvirt 12.8's test data is not in the corpus): for every
/// case whose defined CPU has <c>check='partial'</c>, <c>expand --live --libvirt R
/// --cpu-map MAP</c> with that run's capabilities must start the guest where libvirt did and refuse it where libvirt
/// refused it. The same cases with libvirt 9.0's rules must disagree somewhere, or the cases would not tell the
/// releases' checks apart.
/// </summary>
[TestFixture]
public class PartialCheckLiveTests
{
    [TestCase("live-qemu-10.0", "libvirt-11.3", "11.3")]
    [TestCase("live-qemu-11.1", "libvirt-12.8", "12.8")]
    public void PartialChecksAgreeWithRealLibvirt(string live, string folder, string release)
    {
        var misses = Disagreements(live, folder, release, out var total);
        TestContext.Out.WriteLine($"| {live} | libvirt {release} | {total - misses.Count}/{total} agree |");
        foreach (var m in misses) TestContext.Out.WriteLine("MISS " + m);
        Assert.That(total, Is.GreaterThanOrEqualTo(5), "too few check='partial' cases in the oracle results");
        Assert.That(misses, Is.Empty);
    }

    [TestCase("live-qemu-10.0", "libvirt-11.3")]
    [TestCase("live-qemu-11.1", "libvirt-12.8")]
    public void Libvirt90RulesWouldDisagree(string live, string folder) =>
        Assert.That(Disagreements(live, folder, "9.0", out _), Is.Not.Empty);

    private static List<string> Disagreements(string live, string folder, string release, out int total)
    {
        var dir = Corpus.Release(live);
        var domains = Corpus.Release("libvirt-11.3");
        var map = Path.Combine(Corpus.Release(folder), "cpu_map");
        var misses = new List<string>();
        total = 0;
        foreach (var row in File.ReadAllLines(Path.Combine(dir, "oracle", "lifecycle.tcg.tsv")).Where(l => l.Length > 0).Select(l => l.Split('\t')))
        {
            var name = Path.GetFileNameWithoutExtension(row[0]);
            var defined = Path.Combine(dir, "oracle", "lifecycle", name + ".defined.cpu.xml");
            if (!File.Exists(defined)) continue;
            var cpu = DomainDocument.LoadFile(defined).ReadCpu();
            if (cpu?.Check != CpuCheck.Partial) continue;
            var refusedByLibvirt = row[1] == "start-error" && row.Length > 2 && row[2].Contains("incompatible with host CPU", StringComparison.Ordinal);
            if (row[1] != "ok" && !refusedByLibvirt) continue;
            total++;
            var text = File.ReadAllText(Path.Combine(domains, row[0])).Replace("<domain type='kvm'", "<domain type='qemu'", StringComparison.Ordinal);
            var domain = DomainDocument.Parse(text, name + ".xml").WithCpu(cpu);
            var machine = domain.ReadDomainInfo().Machine ?? "";
            var domcaps = Path.Combine(dir, machine.Contains("q35", StringComparison.Ordinal) ? "domcapabilities.qemu-q35.tcg.xml" : "domcapabilities.qemu-pc.tcg.xml");
            var r = LifecycleCli.Run(domain.ToBytes(), "expand", "--live", "--libvirt", release, "--cpu-map", map,
                "--caps", Path.Combine(dir, "capabilities.tcg.xml"), "--domcaps", domcaps,
                "--qemu-caps", Path.Combine(dir, "qemucaps-cache.qemu-system-x86_64.tcg.xml"), "-");
            var refusedByUs = r.ExitCode == 1 && r.Stderr.Contains("incompatible with host CPU", StringComparison.Ordinal);
            if (r.ExitCode is not (0 or 1) || refusedByUs != refusedByLibvirt)
            {
                misses.Add($"{name}: libvirt {(refusedByLibvirt ? "refused" : "started")} it, we exit {r.ExitCode} {r.Stderr.Trim()}");
            }
        }
        return misses;
    }
}

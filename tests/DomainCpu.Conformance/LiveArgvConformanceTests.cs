using DomainCpu.Conformance.Support;
using DomainCpu.Qemu;
using NUnit.Framework;
using DomainCpu.Host;
using DomainCpu.Start;

namespace DomainCpu.Conformance;

/// <summary>
/// (b) What real libvirt 9.0 + QEMU 7.2 (TCG) built for this half's cases, <c>type='kvm'</c> read as <c>qemu</c>
/// (live-qemu-7.2/oracle/argv.tcg-kvm-as-qemu.tsv), run with the capabilities, domain capabilities and
/// QEMU capabilities recorded beside it.
/// </summary>
[TestFixture]
public class LiveArgvConformanceTests
{
    /// <summary>The pass rate (b) never drops below this.</summary>
    public const double Floor = 1.0;

    [Test]
    public void RecordedLiveResults()
    {
        var live = Corpus.LiveQemu72;
        var caps = QemuCapabilitiesReader.ReadFile(Path.Combine(live, "qemucaps-cache.qemu-system-x86_64.tcg.xml"));
        var host = ArgvOracleSupport.HostCpu(Path.Combine(live, "capabilities.tcg.xml"));
        var hostNodes = ArgvOracleSupport.HostNumaNodes(Path.Combine(live, "capabilities.tcg.xml"));
        var pc = ArgvOracleSupport.HostModel(Path.Combine(live, "domcapabilities.qemu-pc.tcg.xml"));
        var q35 = ArgvOracleSupport.HostModel(Path.Combine(live, "domcapabilities.qemu-q35.tcg.xml"));
        var rows = File.ReadAllLines(Path.Combine(live, "oracle", "argv.tcg-kvm-as-qemu.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();
        Assert.That(rows, Is.Not.Empty);
        var outcomes = new List<Outcome>();
        var sameReason = 0;
        foreach (var r in rows)
        {
            var text = ArgvOracleSupport.KvmAsQemu(File.ReadAllText(Path.Combine(Corpus.Libvirt90, r[0])));
            var env = new StartContext { QemuCapabilities = caps, Target = ArgvOracleSupport.Libvirt90, HostCpu = host, HostNumaNodes = hostNodes, HostModel = text.Contains("q35", StringComparison.Ordinal) ? q35 : pc };
            var (cpu, smp, error) = ArgvOracleSupport.Run(text, r[0], env);
            var name = Path.GetFileNameWithoutExtension(r[0]);
            if (r[1] == "error")
            {
                var reason = r.Length > 5 ? r[5] : "";
                if (error is not null && reason.EndsWith(error, StringComparison.Ordinal)) sameReason++;
                outcomes.Add(new Outcome(name, "error", error is not null, error is null ? $"libvirt refuses ({reason}), we give -cpu {cpu} -smp {smp}" : ""));
                continue;
            }
            if (error is not null)
            {
                outcomes.Add(new Outcome(name, "ok", false, ArgvOracleSupport.Classify(error, r[2])));
                continue;
            }
            var ok = cpu == r[2] && smp == r[3];
            outcomes.Add(new Outcome(name, "ok", ok, ok ? "" : $"-cpu {cpu} -smp {smp}, libvirt -cpu {r[2]} -smp {r[3]}"));
        }
        TestContext.Out.WriteLine($"refusals with libvirt's own reason: {sameReason} of {outcomes.Count(o => o.Group == "error")}");
        Xml2ArgvConformanceTests.Report("(b) live libvirt 9.0 + QEMU 7.2", outcomes, Floor);
    }
}

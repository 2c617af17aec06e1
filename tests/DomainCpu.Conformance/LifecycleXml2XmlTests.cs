using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// libvirt 9.0's xml2xml cases whose CPU is host-model, host-passthrough or names a check: the domain as libvirt
/// stores it is expanded against the captured KVM host (capabilities.kvm.xml, domcapabilities.kvm-q35.kvm.xml,
/// libvirt's cpu_map), the live CPU must follow SPEC §5.2 (host-model → custom/exact/check full with the host's
/// model; host-passthrough unchanged; custom → fallback forbid, check full), and strip must give the stored
/// domain back byte for byte. A refused start is a miss.
/// </summary>
[TestFixture]
public class LifecycleXml2XmlTests
{
    [Test]
    public void StoredDomainsExpandAndStripBack()
    {
        var live = Path.Combine(Corpus.Root, "live-qemu-7.2");
        var table = new LifecyclePassRateTable();
        foreach (var row in Corpus.Cases("xml2xml").DistinctBy(r => r[0]))
        {
            var path = Path.Combine(Corpus.Libvirt, "xml2xml", row[4]);
            if (!File.Exists(path)) continue;
            var input = File.ReadAllBytes(path);
            var doc = DomainDocument.Load(input, row[4]);
            CpuDefinition? cpu;
            try
            {
                cpu = doc.ReadCpu();
            }
            catch (DomainCpuException)
            {
                continue;
            }
            if (cpu is null || doc.ReadDomainInfo().Arch is not ("x86_64" or "i686")) continue;
            if (!(cpu.Mode is CpuMode.HostModel or CpuMode.HostPassthrough || cpu.Check is not null)) continue;
            var r = LifecycleCli.Run(input, "expand", "--live", "--cpu-map", Path.Combine(Corpus.Libvirt, "cpu_map"),
                "--caps", Path.Combine(live, "capabilities.kvm.xml"), "--domcaps", Path.Combine(live, "domcapabilities.kvm-q35.kvm.xml"), "-");
            table.Count("xml2xml-expand", row[0], r.ExitCode == 0 ? LiveRuleMiss(cpu, DomainDocument.Load(r.Stdout, "live").ReadCpu())
                : $"exit {r.ExitCode}: {r.Stderr.Trim()}");
            if (r.ExitCode != 0) continue;
            var s = LifecycleCli.Run(r.Stdout, "strip", "-");
            table.Count("xml2xml-strip", row[0], s.ExitCode == 0 && s.Stdout.AsSpan().SequenceEqual(input) ? null : "strip did not restore the bytes");
        }
        table.Print(LifecycleFloors.Explanations);
        table.AssertFloors(LifecycleFloors.Xml2XmlFloors, LifecycleFloors.Explanations);
    }

    private static string? LiveRuleMiss(CpuDefinition configured, CpuDefinition? live)
    {
        if (live is null) return "no live CPU";
        return configured.Mode switch
        {
            CpuMode.HostPassthrough => live.Mode == CpuMode.HostPassthrough && live.Features.SequenceEqual(configured.Features) ? null : "host-passthrough changed",
            CpuMode.Maximum => live.Mode == CpuMode.Maximum ? null : "maximum changed",
            CpuMode.HostModel or CpuMode.Custom when configured.ModelName is not null || configured.Mode == CpuMode.HostModel =>
                live is { Mode: CpuMode.Custom, Match: CpuMatch.Exact, Check: CpuCheck.Full, Model.Fallback: CpuFallback.Forbid }
                    && (configured.Mode == CpuMode.Custom || live.Model?.VendorId == configured.Model?.VendorId)
                    ? null : "live CPU breaks SPEC §5.2",
            _ => null,
        };
    }
}

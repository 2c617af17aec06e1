using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using DomainCpu.Qemu;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;
using DomainCpu.Host;
using DomainCpu.Start;

namespace DomainCpu.Conformance;

/// <summary>
/// libvirt 9.0's xml2xml cases whose CPU is host-model, host-passthrough or names a check: the domain as libvirt
/// stores it is expanded against the captured KVM host (capabilities.kvm.xml, domcapabilities.kvm-q35.kvm.xml,
/// libvirt's cpu_map), the live CPU must follow SPEC §5.2 (host-model → custom/exact/check full with the host's
/// model; host-passthrough unchanged; custom → fallback forbid, check full), and strip must give the stored
/// domain back byte for byte. A refused start is a miss, unless it is check='partial' refusing features that QEMU's
/// own KVM expansion of the captured host does not offer (that host's KVM hides pni, ssse3 and monitor).
/// </summary>
[TestFixture]
public class LifecycleXml2XmlTests
{
    [Test]
    public void StoredDomainsExpandAndStripBack()
    {
        var live = Corpus.LiveQemu72;
        var table = new LifecyclePassRateTable();
        foreach (var row in Corpus.Cases("xml2xml").DistinctBy(r => r[0]))
        {
            var path = Path.Combine(Corpus.Libvirt90, "xml2xml", row[4]);
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
            var r = LifecycleCli.Run(input, "--libvirt", "9.0", "expand", "--live", "--cpu-map", Path.Combine(Corpus.Libvirt90, "cpu_map"),
                "--caps", Path.Combine(live, "capabilities.kvm.xml"), "--domcaps", Path.Combine(live, "domcapabilities.kvm-q35.kvm.xml"), "-");
            table.Count("xml2xml-expand", row[0], r.ExitCode == 0 ? LiveRuleMiss(cpu, DomainDocument.Load(r.Stdout, "live").ReadCpu())
                : RefusalMiss(cpu, doc.ReadDomainInfo(), r.ExitCode, r.Stderr, KvmHostCpu.Value));
            if (r.ExitCode != 0) continue;
            var s = LifecycleCli.Run(r.Stdout, "strip", "-");
            table.Count("xml2xml-strip", row[0], s.ExitCode == 0 && s.Stdout.AsSpan().SequenceEqual(input) ? null : "strip did not restore the bytes");
        }
        table.Print(LifecycleFloors.Explanations);
        table.AssertFloors(LifecycleFloors.Xml2XmlFloors, LifecycleFloors.Explanations);
    }

    /// <summary>QEMU's own expansion of the captured KVM host (its capabilities record): the properties it offers.</summary>
    private static readonly Lazy<Dictionary<string, bool>> KvmHostCpu = new(() =>
        QemuCapabilitiesReader.ReadFile(Path.Combine(Corpus.LiveQemu72, "qemucaps-cache.qemu-system-x86_64.kvm.xml"))
            .HostCpuFor("kvm")!.Properties.Where(p => p.Type == "boolean")
            .ToDictionary(p => QemuFeatureNames.ToLibvirt(p.Name), p => p.Value == "true"));

    /// <summary>A start refused for check='partial' (SPEC §5.1: the guest is compared with the full host CPU) is right
    /// when every feature named as missing is one QEMU's KVM expansion of that host does not offer; any other refusal
    /// is a miss.</summary>
    private static string? RefusalMiss(CpuDefinition configured, DomainInfo domain, int exitCode, string stderr, Dictionary<string, bool> kvmHost)
    {
        var check = configured.Check ?? CpuExpander.DefaultCheck(configured.Mode, domain);
        const string marker = "Host CPU does not provide required features: ";
        var at = stderr.IndexOf(marker, StringComparison.Ordinal);
        if (exitCode != 1 || check != CpuCheck.Partial || at < 0) return $"exit {exitCode}: {stderr.Trim()}";
        var missing = stderr[(at + marker.Length)..].Trim().Split(", ");
        var offered = missing.Where(f => kvmHost.GetValueOrDefault(f)).ToList();
        return offered.Count == 0 ? null : $"refused for features QEMU's KVM host offers: {string.Join(", ", offered)}";
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

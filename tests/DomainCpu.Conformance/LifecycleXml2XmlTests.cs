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
/// own KVM expansion of the captured host does not offer (that host's KVM hides pni, ssse3 and monitor), a thread
/// pinned to CPUs the captured host (two CPUs) does not have, or a word of <c>&lt;qemu:commandline&gt;</c> QEMU exits on.
/// </summary>
[TestFixture]
public class LifecycleXml2XmlTests
{
    private static readonly RowCheck<Xml2XmlRow> Check = new("libvirt-9.0 xml2xml stored domains started on the live-qemu-7.2 KVM host",
        "libvirt-9.0", Xml2XmlRow.Read, StartsHostDependent, _ => "xml2xml-expand", Judge,
        new KindFloor("xml2xml-expand", 100), new KindFloor("xml2xml-strip", 100));

    public static IEnumerable<TestCaseData> Rows() => Check.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<Xml2XmlRow> c) => Check.AssertCase(c);

    [Test]
    public void PassRates() => Check.AssertPassRates();

    /// <summary>The stored x86 domains whose live CPU depends on the host or names a check. A stored file that is
    /// missing is selected, so that its case fails.</summary>
    private static bool StartsHostDependent(Xml2XmlRow row)
    {
        if (!File.Exists(row.ExpectedPath)) return true;
        var doc = DomainDocument.Load(File.ReadAllBytes(row.ExpectedPath), row.ExpectedFile);
        CpuDefinition? cpu;
        try
        {
            cpu = doc.ReadCpu();
        }
        catch (DomainCpuException)
        {
            return false;
        }
        if (cpu is null || doc.ReadDomainInfo().Arch is not ("x86_64" or "i686")) return false;
        return cpu.Mode is CpuMode.HostModel or CpuMode.HostPassthrough || cpu.Check is not null;
    }

    private static void Judge(Xml2XmlRow row, CaseResults results)
    {
        var live = Corpus.LiveQemu72;
        var input = File.ReadAllBytes(row.ExpectedPath);
        var doc = DomainDocument.Load(input, row.ExpectedFile);
        var cpu = doc.ReadCpu()!;
        var r = LifecycleCli.Run(input, "expand", "--live", "--libvirt", "9.0", "--cpu-map", Path.Combine(Corpus.Libvirt90, "cpu_map"),
            "--caps", Path.Combine(live, "capabilities.kvm.xml"), "--domcaps", Path.Combine(live, "domcapabilities.kvm-q35.kvm.xml"), "-");
        results.Count("xml2xml-expand", r.ExitCode == 0 ? LiveRuleMiss(cpu, DomainDocument.Load(r.Stdout, "live").ReadCpu())
            : PinnedOffHost(doc, r.ExitCode, r.Stderr) || QemuExits(r.ExitCode, r.Stderr) ? null : RefusalMiss(cpu, doc.ReadDomainInfo(), r.ExitCode, r.Stderr, KvmHostCpu.Value));
        if (r.ExitCode != 0) return;
        var s = LifecycleCli.Run(r.Stdout, "strip", "-");
        results.Count("xml2xml-strip", s.ExitCode == 0 && s.Stdout.AsSpan().SequenceEqual(input) ? null : "strip did not restore the bytes");
    }

    /// <summary>QEMU's own expansion of the captured KVM host (its capabilities record): the properties it offers.</summary>
    private static readonly Lazy<Dictionary<string, bool>> KvmHostCpu = new(() =>
        QemuCapabilitiesReader.ReadFile(Path.Combine(Corpus.LiveQemu72, "qemucaps-cache.qemu-system-x86_64.kvm.xml"))
            .HostCpuFor("kvm")!.Properties.Where(p => p.Type == "boolean")
            .ToDictionary(p => QemuFeatureNames.ToLibvirt(p.Name), p => p.Value == "true"));

    /// <summary>A start refused because a thread is pinned to CPUs the captured host does not have (libvirt's affinity
    /// fails: the live oracles of libvirt 11.3 and 12.8 on that machine refuse cputune-cpuset-big-id so) is right when a
    /// pin of the domain indeed names none of the host's CPUs.</summary>
    private static bool PinnedOffHost(DomainDocument doc, int exitCode, string stderr)
    {
        if (exitCode != 1 || !stderr.Contains("[DC1662]", StringComparison.Ordinal)) return false;
        var host = HostNumaReader.ReadCpus(DomainDocument.LoadFile(Path.Combine(Corpus.LiveQemu72, "capabilities.kvm.xml")))!;
        var pins = doc.Root.Element("cputune")?.Elements().Where(e => e.Name.LocalName is "vcpupin" or "emulatorpin" or "iothreadpin")
            .Select(e => e.Attribute("cpuset")?.Value).OfType<string>() ?? [];
        return pins.Any(set => CpuSet.Parse(set) is { } cpus && !cpus.Overlaps(host));
    }

    /// <summary>A start refused because QEMU itself exits on a word <c>&lt;qemu:commandline&gt;</c> passes (an unknown option,
    /// an option without its argument) is right: libvirt 9.0 with QEMU 7.2 refuses qemu-ns so ("qemu unexpectedly closed
    /// the monitor: qemu-system-x86_64: -unknown: invalid option"), and <see cref="QemuCommandLineLiveTests"/> proves the
    /// check against each QEMU.</summary>
    private static bool QemuExits(int exitCode, string stderr) =>
        exitCode == 1 && (stderr.Contains("[DC1700]", StringComparison.Ordinal) || stderr.Contains("[DC1701]", StringComparison.Ordinal));

    /// <summary>A start refused for check='partial' (SPEC §5.1: the guest is compared with the full host CPU) is right
    /// when every feature named as missing is one QEMU's KVM expansion of that host does not offer; any other refusal
    /// is a miss.</summary>
    private static string? RefusalMiss(CpuDefinition configured, DomainInfo domain, int exitCode, string stderr, Dictionary<string, bool> kvmHost)
    {
        var check = configured.Check ?? DefinePostParse.DefaultCheck(configured.Mode, domain);
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

using System.Xml.Linq;
using DomainCpu.Conformance.Support;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Targets;
using DomainCpu.X86;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// The blockers computed for a model that domain capabilities mark not usable without naming why (libvirt 9.0's, or
/// any before 10.9) equal the <c>&lt;blockers&gt;</c> the newer libvirt recorded on the same machine: the live
/// captures of libvirt 11.3 + QEMU 10.0 and libvirt 12.8 + QEMU 11.1 (KVM and TCG domain types, each machine type). Each
/// usable='no' model is computed (<see cref="ModelBlockers"/>) from the QEMU record's host CPU for the domain type, and again
/// from the domain capabilities' host-model CPU (what a start has when only domain capabilities are given), with that
/// release's cpu_map and QEMU catalog, and compared with the recorded list. (The host CPU of host capabilities is no
/// input here: it is the CPUID of this nested machine, while KVM offers a guest much less, e.g. no AVX; libvirt's
/// blockers come from what KVM offers, which the QEMU record and the host-model CPU carry.)
/// </summary>
/// <remarks>Under TCG the QEMU record's host CPU (QEMU's <c>max</c>) never shows IA32_ARCH_CAPABILITIES' bits, though
/// TCG in QEMU 10.0 and 11.1 supports most of them; the catalog's TCG offer (<see cref="Catalog.Qemu.QemuAccelerator.Offers"/>)
/// supplies them.</remarks>
[TestFixture("live-qemu-10.0", "libvirt-11.3", 11, 3)]
[TestFixture("live-qemu-11.1", "libvirt-12.8", 12, 8)]
public sealed class ModelBlockersLiveTests(string live, string release, int major, int minor)
{
    private const string FromRecord = "KVM, from the QEMU record's host CPU";
    private const string FromHostModel = "KVM, from the host-model CPU";
    private const string TcgFromRecord = "TCG, from the QEMU record's host CPU";
    private const string TcgFromHostModel = "TCG, from the host-model CPU";

    [Test]
    public void Computed_blockers_equal_the_recorded_ones()
    {
        var table = new PassRateTable($"{live} (libvirt {major}.{minor}): blockers of usable='no' models computed as before 10.9",
            new KindFloor(FromRecord, 100), new KindFloor(FromHostModel, 100), new KindFloor(TcgFromRecord, 100), new KindFloor(TcgFromHostModel, 100));
        var folder = Corpus.Release(live);
        var files = Directory.GetFiles(folder, "domcapabilities.*.xml").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) table.Broken($"{folder}: no domcapabilities captures");
        foreach (var file in files)
        {
            // domcapabilities.VIRTTYPE-MACHINE.PROBE.xml beside qemucaps-cache.qemu-system-x86_64.PROBE.xml
            var parts = Path.GetFileName(file).Split('.');
            var caps = QemuCapabilitiesReader.ReadFile(Path.Combine(folder, $"qemucaps-cache.qemu-system-x86_64.{parts[2]}.xml"));
            var target = TargetResolver.Resolve(new TargetRequest
            {
                Libvirt = new ReleaseVersion(major, minor), CpuMapDirectory = Path.Combine(Corpus.Release(release), "cpu_map"), QemuCapabilities = caps,
            });
            var root = XDocument.Load(file).Root;
            var virtType = root?.Element("domain")?.Value;
            var machine = root?.Element("machine")?.Value;
            var hostCpu = QemuHostModel.Build(target.Models, caps, virtType == "kvm" ? "kvm" : "tcg", migratable: false);
            if (hostCpu is null) table.Broken($"{file}: the QEMU record has no host CPU for the domain type");
            var domcaps = DomainCapabilitiesReader.Read(DomainDocument.LoadFile(file));
            var hostModel = domcaps.HostModel.Cpu;
            var blocked = domcaps.Custom.Models.Where(m => m.Usable == ModelUsability.No).ToList();
            if (blocked.Count == 0 || blocked.All(m => m.Blockers.IsEmpty)) table.Broken($"{file}: no usable='no' model with blockers");
            foreach (var m in blocked)
            {
                var name = $"{Path.GetFileName(file)} {m.Name}";
                var want = m.Blockers;
                var kvm = virtType == "kvm";
                Count(table, kvm ? FromRecord : TcgFromRecord, name, want, ModelBlockers.Of(target, virtType, machine, m.Name, hostCpu));
                Count(table, kvm ? FromHostModel : TcgFromHostModel, name, want, ModelBlockers.Of(target, virtType, machine, m.Name, hostModel));
            }
        }
        table.PrintAndAssert();
    }

    private static void Count(PassRateTable table, string kind, string name, IReadOnlyList<string> want, IReadOnlyList<string> got)
    {
        var extra = got.Except(want, StringComparer.Ordinal);
        var missing = want.Except(got, StringComparer.Ordinal);
        table.Count(kind, name, got.SequenceEqual(want, StringComparer.Ordinal),
            $"computed {got.Count} features, libvirt {want.Count}; extra [{string.Join(' ', extra)}], missing [{string.Join(' ', missing)}]");
    }
}

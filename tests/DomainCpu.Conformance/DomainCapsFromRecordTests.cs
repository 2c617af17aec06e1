using DomainCpu.Conformance.Support;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// The CPU part of domain capabilities computed from libvirt's record of a QEMU binary
/// (<see cref="QemuDomainCapabilities"/>, what the hook and <c>expand</c> use on a host where libvirt has run) equals
/// what libvirt 9.0 prints: every domaincaps case of the corpus (test data records; kinds <c>modes</c>,
/// <c>host-model</c>, <c>custom models</c>) and the live captures of this host's libvirt 9.0 + QEMU 7.2 (its cached
/// records beside <c>virsh domcapabilities</c> for each domain type and machine).
/// </summary>
[TestFixture]
public class DomainCapsFromRecordTests
{
    private static readonly KindFloor[] Floors = [new("modes", 100), new("host-model", 100), new("custom models", 100)];

    private static readonly RowCheck<DomainCapsRow> Rows = new("libvirt-9.0 domaincaps: the CPU part computed from the QEMU record", "libvirt-9.0",
        DomainCapsRow.Read, _ => true, _ => "modes",
        (row, results) => Judge(results.Count, QemuCapabilitiesReader.ReadFile(row.CapsPath), row.VirtType, row.ExpectedPath), Floors);

    public static IEnumerable<TestCaseData> Cases() => Rows.Cases();

    [TestCaseSource(nameof(Cases))]
    public void Case(CorpusCase<DomainCapsRow> c) => Rows.AssertCase(c);

    [Test]
    public void PassRates() => Rows.AssertPassRates();

    /// <summary>live-qemu-7.2's captures: <c>domcapabilities.VIRTTYPE-MACHINE.PROBE.xml</c> beside the cached record
    /// of the same probe (<c>qemucaps-cache.qemu-system-x86_64.PROBE.xml</c>).</summary>
    [Test]
    public void LiveCaptures()
    {
        var live = Corpus.LiveQemu72;
        var table = new PassRateTable("live-qemu-7.2 (libvirt 9.0 + QEMU 7.2): virsh domcapabilities from the cached record", Floors);
        var files = Directory.GetFiles(live, "domcapabilities.*.xml").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) table.Broken($"{live}: no domcapabilities captures");
        foreach (var file in files)
        {
            var parts = Path.GetFileName(file).Split('.');
            var virtType = parts[1].Split('-')[0];
            var record = QemuCapabilitiesReader.ReadFile(Path.Combine(live, $"qemucaps-cache.qemu-system-x86_64.{parts[2]}.xml"));
            Judge((kind, failure) => table.Count(kind, Path.GetFileName(file), failure), record, virtType, file);
        }
        table.PrintAndAssert();
    }

    private static void Judge(Action<string, string?> count, QemuCapabilities record, string virtType, string expectedFile)
    {
        var expected = DomainCapabilitiesReader.Read(DomainDocument.LoadFile(expectedFile));
        var actual = QemuDomainCapabilities.Cpu(ArgvOracleSupport.Catalog, record, virtType);
        count("modes", Same(Modes(expected), Modes(actual)));
        count("host-model", Same(HostModel(expected), HostModel(actual)));
        // libvirt 9.0 does not print blockers in domain capabilities.
        count("custom models", Same(Models(expected), Models(actual)));
    }

    private static string Modes(DomainCapabilitiesCpu cpu) =>
        $"host-passthrough {cpu.HostPassthrough.Supported} [{string.Join(",", cpu.HostPassthrough.MigratableValues)}], " +
        $"maximum {cpu.Maximum.Supported} [{string.Join(",", cpu.Maximum.MigratableValues)}], " +
        $"host-model {cpu.HostModel.Supported}, custom {cpu.Custom.Supported}";

    private static string HostModel(DomainCapabilitiesCpu cpu) => cpu.HostModel.Cpu is not { } c ? "none"
        : $"{c.ModelName} fallback={c.Model?.Fallback} vendor={c.Vendor} " +
          string.Join(' ', c.Features.Select(f => $"{f.Policy?.ToString().ToLowerInvariant()}:{f.Name}"));

    private static string Models(DomainCapabilitiesCpu cpu) =>
        string.Join("\n", cpu.Custom.Models.Select(m => $"{m.Name} usable={m.Usable} deprecated={m.Deprecated} vendor={m.Vendor ?? "unknown"}"));

    private static string? Same(string expected, string actual)
    {
        if (expected == actual) return null;
        return "\n" + UnifiedDiff.Create(expected + "\n", actual + "\n", "libvirt", "domaincpu");
    }
}

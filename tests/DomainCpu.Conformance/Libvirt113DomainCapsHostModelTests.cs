using DomainCpu.Conformance.Support;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// The host-model CPU of libvirt 11.3's domain capabilities (corpus <c>libvirt-11.3/domaincaps/CASES.tsv</c>, every
/// row: kvm, qemu = TCG, hvf), computed from the caps file's <c>&lt;hostCPU&gt;</c> of that accelerator with libvirt
/// 11.3's cpu_map (<see cref="QemuHostModel"/>, the reported copy, as domain capabilities show it): model, fallback,
/// vendor and every feature with its policy, in order. Kind <c>domaincaps-host-model</c>.
/// </summary>
[TestFixture]
public class Libvirt113DomainCapsHostModelTests
{
    private static readonly RowCheck<DomainCapsRow> HostModels = new("libvirt-11.3 domaincaps, host-model CPU built from the QEMU record",
        "libvirt-11.3", DomainCapsRow.Read, _ => true, _ => "domaincaps-host-model",
        (row, results) => results.Count("domaincaps-host-model", Check(row)),
        new KindFloor("domaincaps-host-model", 100));

    public static IEnumerable<TestCaseData> Rows() => HostModels.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<DomainCapsRow> c) => HostModels.AssertCase(c);

    [Test]
    public void PassRates() => HostModels.AssertPassRates();

    [Test]
    public void EveryAcceleratorOfTheCorpusIsCovered() =>
        Assert.That(DomainCapsRow.Read(Corpus.Release("libvirt-11.3")).Rows.Select(r => Accel(r.VirtType)).Distinct(),
            Is.EquivalentTo(new[] { "kvm", "tcg", "hvf" }));

    private static string Accel(string virtType) => virtType == "qemu" ? "tcg" : virtType;

    private static string? Check(DomainCapsRow row)
    {
        var caps = QemuCapabilitiesReader.ReadFile(row.CapsPath);
        var expected = DomainCapabilitiesReader.Read(DomainDocument.LoadFile(row.ExpectedPath)).HostModel.Cpu;
        var actual = QemuHostModel.Build(Libvirt113Cputest.Catalog, caps, Accel(row.VirtType), migratable: false);
        if (expected is null) return actual is null ? null : $"libvirt offers no host-model CPU, we built {Describe(actual)}";
        if (actual is null) return "no host-model CPU built";
        var want = Describe(expected);
        var got = Describe(actual);
        return want == got ? null : $"\n  expected {want}\n  actual   {got}";
    }

    private static string Describe(CpuDefinition cpu) =>
        $"{cpu.ModelName} fallback={cpu.Model?.Fallback} vendor={cpu.Vendor} " +
        string.Join(' ', cpu.Features.Select(f => $"{f.Policy?.ToString().ToLowerInvariant() ?? "require"}:{f.Name}"));
}

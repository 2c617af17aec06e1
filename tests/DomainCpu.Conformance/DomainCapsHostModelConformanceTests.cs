using DomainCpu.Catalog;
using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using DomainCpu.Qemu;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Host;
using DomainCpu.X86;

namespace DomainCpu.Conformance;

/// <summary>
/// The host-model CPU of libvirt 9.0's domain capabilities (corpus domaincaps, KVM rows), built from the QEMU
/// capabilities record it was computed from (<see cref="QemuHostModel"/> with libvirt's cpu_map; the reported,
/// not the migratable, copy): model, fallback,
/// vendor and every feature with its policy, in order. Kind <c>domaincaps-host-model</c>.
/// Kind <c>domaincaps-host-model-no-unavailable-features</c>: the same records with QEMU's
/// <c>cpu-unavailable-features</c> capability taken away. The corpus has no such record (every one is from a QEMU
/// that has it), so the expected CPU is libvirt's output for the real record less its MSR features, which is what
/// libvirt 9.0's host-model code does without the capability (it filters the finished CPUs); it is not an oracle run.
/// </summary>
[TestFixture]
public class DomainCapsHostModelConformanceTests
{
    private static readonly RowCheck<DomainCapsRow> HostModels = new("libvirt-9.0 domaincaps, host-model CPU built from the QEMU record",
        "libvirt-9.0", DomainCapsRow.Read, row => row.VirtType == "kvm", _ => "domaincaps-host-model",
        (row, results) =>
        {
            results.Count("domaincaps-host-model", Check(row, dropFlag: false));
            results.Count("domaincaps-host-model-no-unavailable-features", Check(row, dropFlag: true));
        },
        new KindFloor("domaincaps-host-model", 100), new KindFloor("domaincaps-host-model-no-unavailable-features", 100));

    public static IEnumerable<TestCaseData> Rows() => HostModels.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<DomainCapsRow> c) => HostModels.AssertCase(c);

    [Test]
    public void PassRates() => HostModels.AssertPassRates();

    [Test]
    public void The_msr_variant_has_msr_features_to_drop()
    {
        // Guard: the variant kind only tests something when libvirt's real host-model CPUs carry MSR features.
        var catalog = ArgvOracleSupport.Catalog;
        var withMsr = DomainCapsRow.Read(Corpus.Libvirt90).Rows.Where(r => r.VirtType == "kvm")
            .Count(r => Expected(r).Features.Any(f => X86MsrFeatures.IsMsr(catalog, f.Name)));
        Assert.That(withMsr, Is.GreaterThan(0));
    }

    private static CpuDefinition Expected(DomainCapsRow row) =>
        DomainCapabilitiesReader.Read(DomainDocument.LoadFile(Path.Combine(Corpus.Libvirt90, "domaincaps", row.ExpectedFile))).HostModel.Cpu
        ?? throw new InvalidOperationException($"{row.ExpectedFile} has no host-model CPU");

    private static string? Check(DomainCapsRow row, bool dropFlag)
    {
        var catalog = ArgvOracleSupport.Catalog;
        var caps = QemuCapabilitiesReader.ReadFile(Path.Combine(Corpus.Libvirt90, "caps", "qemucapabilitiesdata", row.QemuCapsInput));
        var expected = Expected(row);
        if (dropFlag)
        {
            caps = caps with { Flags = caps.Flags.Remove(QemuCapabilityFlags.CpuUnavailableFeatures) };
            expected = X86MsrFeatures.Drop(catalog, expected);
        }
        // Domain capabilities show the reported host model, not its migratable copy (invtsc stays).
        var actual = QemuHostModel.Build(catalog, caps, "kvm", migratable: false);
        if (actual is null) return "no host-model CPU built";
        var want = Describe(expected);
        var got = Describe(actual);
        return want == got ? null : $"\n  expected {want}\n  actual   {got}";
    }

    private static string Describe(CpuDefinition cpu) =>
        $"{cpu.ModelName} fallback={cpu.Model?.Fallback} vendor={cpu.Vendor} " +
        string.Join(' ', cpu.Features.Select(f => $"{f.Policy?.ToString().ToLowerInvariant() ?? "require"}:{f.Name}"));
}

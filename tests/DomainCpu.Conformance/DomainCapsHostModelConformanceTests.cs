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
    private static IReadOnlyList<string[]> Rows() =>
        Corpus.Cases("domaincaps").Where(r => r[1] == "virttype=kvm")
            .Select(r => new[] { r[0], r[1], r[3], r[3] }) // the pass-rate table names a case by its third column
            .ToList();

    [Test]
    public void HostModelKind() => CpuidPassRates.Run("domaincaps-host-model", CpuidPassRates.Floors["domaincaps-host-model"],
        row => Check(row, dropFlag: false), Rows());

    [Test]
    public void HostModelWithoutUnavailableFeaturesKind() => CpuidPassRates.Run("domaincaps-host-model-no-unavailable-features",
        CpuidPassRates.Floors["domaincaps-host-model-no-unavailable-features"], row => Check(row, dropFlag: true), Rows());

    [Test]
    public void The_msr_variant_has_msr_features_to_drop()
    {
        // Guard: the variant kind only tests something when libvirt's real host-model CPUs carry MSR features.
        var catalog = ArgvOracleSupport.Catalog;
        var withMsr = Rows().Count(r => Expected(r).Features.Any(f => X86MsrFeatures.IsMsr(catalog, f.Name)));
        Assert.That(withMsr, Is.GreaterThan(0));
    }

    private static CpuDefinition Expected(string[] row) =>
        DomainCapabilitiesReader.Read(DomainDocument.LoadFile(Path.Combine(Corpus.Libvirt90, "domaincaps", row[3]))).HostModel.Cpu
        ?? throw new InvalidOperationException($"{row[3]} has no host-model CPU");

    private static string? Check(string[] row, bool dropFlag)
    {
        var catalog = ArgvOracleSupport.Catalog;
        var caps = QemuCapabilitiesReader.ReadFile(Path.Combine(Corpus.Libvirt90, "caps", "qemucapabilitiesdata", row[0]));
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

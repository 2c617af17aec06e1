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
    private static string Root => Corpus.Release("libvirt-11.3");

    private static IReadOnlyList<string[]> Rows() =>
        File.ReadAllLines(Path.Combine(Root, "domaincaps", "CASES.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToList();

    [Test]
    public void HostModelKind()
    {
        const string kind = "domaincaps-host-model";
        var rows = Rows();
        Assert.That(rows, Is.Not.Empty, "no domaincaps cases in libvirt 11.3's corpus");
        var table = new LifecyclePassRateTable();
        foreach (var row in rows)
        {
            string? miss;
            try
            {
                miss = Check(row);
            }
            catch (Exception ex)
            {
                miss = $"{ex.GetType().Name}: {ex.Message}";
            }
            table.Count(kind, row[4], miss);
        }
        table.Print(Libvirt113Floors.Explanations);
        table.AssertFloors(new Dictionary<string, double> { [kind] = Libvirt113Floors.Floors[kind] }, Libvirt113Floors.Explanations);
    }

    [Test]
    public void EveryAcceleratorOfTheCorpusIsCovered() =>
        Assert.That(Rows().Select(r => Accel(r[1])).Distinct(), Is.EquivalentTo(new[] { "kvm", "tcg", "hvf" }));

    private static string Accel(string virttype) => virttype["virttype=".Length..] switch { "qemu" => "tcg", var v => v };

    private static string? Check(string[] row)
    {
        var caps = QemuCapabilitiesReader.ReadFile(Path.Combine(Root, "caps", "qemucapabilitiesdata", row[0]));
        var doc = DomainDocument.LoadFile(Path.Combine(Root, "domaincaps", row[4]));
        var expected = DomainCapabilitiesReader.Read(doc).HostModel.Cpu;
        var actual = QemuHostModel.Build(Libvirt113Cputest.Catalog, caps, Accel(row[1]), migratable: false);
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

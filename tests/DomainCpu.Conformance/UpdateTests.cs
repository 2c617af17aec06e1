using DomainCpu.Catalog;
using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.X86;

namespace DomainCpu.Conformance;

/// <summary>
/// libvirt 9.0's cputest kinds about updating a guest CPU (SPEC §7.5–§7.7, §7.9), every x86 case:
/// <c>update</c> and <c>guestcpu</c> (<c>domaincpu expand --live --cpu-map MAP --caps HOST GUEST</c> on a standalone
/// <c>&lt;cpu&gt;</c>, libvirt's expected CPU or a refusal), and <c>cpuid-updatelive</c>
/// (<c>expand --live --cpu-map MAP --qemu-cpu ENABLED GUEST</c>, compared feature-wise with the JSON host model).
/// </summary>
[TestFixture]
public class UpdateTests
{
    private static string Data => Path.Combine(Corpus.Libvirt90, "cputestdata");

    private static string Map => Path.Combine(Corpus.Libvirt90, "cpu_map");

    private static readonly RowCheck<CputestRow> Check = new("libvirt-9.0 cputestdata, guest CPU updates through the CLI", "libvirt-9.0",
        CputestRow.Read, row => row.Arch == "x86_64" && row.Test is "update" or "guestcpu" or "cpuid-updatelive", row => row.Test,
        (row, results) => results.Count(row.Test, row.Test == "cpuid-updatelive"
            ? UpdateLiveMiss(row.Input1, row.Input2.Split(' ')[0], row.Expected.Split(' ')[0])
            : UpdateMiss(row.Test, row.Input1, row.Input2, row.Parameters, row.Expected)),
        new KindFloor("update", 100), new KindFloor("guestcpu", 100), new KindFloor("cpuid-updatelive", 100));

    public static IEnumerable<TestCaseData> Rows() => Check.Cases();

    [TestCaseSource(nameof(Rows))]
    public void Case(CorpusCase<CputestRow> c) => Check.AssertCase(c);

    [Test]
    public void PassRates() => Check.AssertPassRates();

    private static string? UpdateMiss(string kind, string host, string guest, string parameters, string expected)
    {
        var args = new List<string> { "expand", "--live", "--libvirt", "9.0", "--cpu-map", Map, "--caps", Path.Combine(Data, host) };
        if (kind == "guestcpu" && parameters != "models=(none)")
        {
            args.AddRange(["--models", parameters["models=".Length..]]);
        }
        args.Add(Path.Combine(Data, guest));
        var r = LifecycleCli.Run(Array.Empty<byte>(), args.ToArray());
        if (expected == "ERROR") return r.ExitCode == 1 ? null : $"expected a refusal, got exit {r.ExitCode}";
        if (r.ExitCode != 0) return $"exit {r.ExitCode}: {r.Stderr.Trim()}";
        var want = CputestUpdateJudge.WithDefaults(File.ReadAllBytes(Path.Combine(Data, expected)), expected);
        var got = CputestUpdateJudge.WithDefaults(r.Stdout, "stdout");
        return Equals(want, got) ? null : "CPU differs: " + Features(want) + " vs " + Features(got);
    }

    private static string? UpdateLiveMiss(string guest, string enabled, string json)
    {
        var expected = CputestUpdateJudge.WithDefaults(File.ReadAllBytes(Path.Combine(Data, json)), json)!;
        var args = new List<string> { "expand", "--live", "--libvirt", "9.0", "--cpu-map", Map, "--qemu-cpu", Path.Combine(Data, enabled) };
        // As libvirt's test does: when the model decoded from CPUID is not the one QEMU reported, QEMU is taken
        // to offer only its own model, and the guest CPU (its fallback allowed) is translated to it first.
        var guestDoc = DomainDocument.Load(File.ReadAllBytes(Path.Combine(Data, guest)), guest);
        var input = Array.Empty<byte>();
        if (guestDoc.ReadCpu() is { ModelName: { } model } cpu && model != expected.ModelName)
        {
            args.AddRange(["--models", expected.ModelName!]);
            input = guestDoc.WithCpu(cpu with { Model = cpu.Model! with { Fallback = CpuFallback.Allow } }, DomainCpu.Targets.LibvirtProfile.Libvirt90.CpuXml).ToBytes();
            args.Add("-");
        }
        else args.Add(Path.Combine(Data, guest));
        var r = LifecycleCli.Run(input, args.ToArray());
        if (r.ExitCode != 0) return $"exit {r.ExitCode}: {r.Stderr.Trim()}";
        return CputestUpdateJudge.RequiredFeatureMiss(CputestSupport.Catalog, expected, CputestUpdateJudge.WithDefaults(r.Stdout, "stdout")!);
    }

    private static string Features(CpuDefinition? cpu) =>
        cpu is null ? "(none)" : string.Join(" ", cpu.Features.Select(f => $"{f.Policy}:{f.Name}"));
}

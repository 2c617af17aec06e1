using DomainCpu.Catalog.Libvirt;
using DomainCpu.Conformance.Support;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// The host-model CPU of real domain capabilities, captured from libvirt 9.0 + QEMU 7.2, 11.3 + 10.0 and 12.8 + 11.1
/// (corpus folders <c>live-qemu-*</c>, every <c>domcapabilities.*.xml</c>), computed from the QEMU capabilities cache of
/// the same run with that release's cpu_map (<see cref="QemuHostModel"/>): model, fallback, vendor and every feature
/// with its policy. libvirt 12.8 prints the host-model features sorted by name (its live XML keeps decode order, as
/// does our host-model CPU), so for it the features are compared as a set.
/// </summary>
[TestFixture]
public class DomainCapsHostModelLiveTests
{
    [TestCase("live-qemu-7.2", "libvirt-9.0", false)]
    [TestCase("live-qemu-10.0", "libvirt-11.3", false)]
    [TestCase("live-qemu-11.1", "libvirt-12.8", true)]
    public void HostModelMatchesRealDomainCapabilities(string live, string folder, bool sortedByName)
    {
        var dir = Corpus.Release(live);
        var catalog = LibvirtCpuMap.LoadDirectory(Path.Combine(Corpus.Release(folder), "cpu_map"));
        var files = Directory.GetFiles(dir, "domcapabilities.*.xml").Order(StringComparer.Ordinal).ToList();
        Assert.That(files, Is.Not.Empty);
        var misses = new List<string>();
        foreach (var file in files)
        {
            var doc = DomainDocument.LoadFile(file);
            var expected = DomainCapabilitiesReader.Read(doc).HostModel.Cpu;
            var accel = DomainCapabilitiesReader.ReadVirtType(doc) == "kvm" ? "kvm" : "tcg";
            var cacheAccel = file.EndsWith(".kvm.xml", StringComparison.Ordinal) ? "kvm" : "tcg";
            var caps = QemuCapabilitiesReader.ReadFile(Path.Combine(dir, $"qemucaps-cache.qemu-system-x86_64.{cacheAccel}.xml"));
            var actual = QemuHostModel.Build(catalog, caps, accel, migratable: false);
            var want = Describe(expected, sortedByName);
            var got = Describe(actual, sortedByName);
            if (want != got) misses.Add($"{Path.GetFileName(file)}:\n  expected {want}\n  actual   {got}");
        }
        TestContext.Out.WriteLine($"| {live} | {folder} | {files.Count - misses.Count}/{files.Count} |");
        Assert.That(misses, Is.Empty, string.Join("\n", misses));
    }

    private static string Describe(CpuDefinition? cpu, bool sorted)
    {
        if (cpu is null) return "(none)";
        var features = cpu.Features.Select(f => $"{f.Policy?.ToString().ToLowerInvariant() ?? "require"}:{f.Name}");
        if (sorted) features = cpu.Features.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => $"{f.Policy?.ToString().ToLowerInvariant() ?? "require"}:{f.Name}");
        return $"{cpu.ModelName} fallback={cpu.Model?.Fallback} vendor={cpu.Vendor} {string.Join(' ', features)}";
    }
}

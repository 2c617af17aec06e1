using System.Collections.Immutable;
using System.Xml.Linq;
using DomainCpu.Model;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>
/// Properties of the canonical writer over generated CPU definitions: reading what was written gives the
/// definition back, formatting a document twice changes nothing the second time, and a document whose
/// <c>&lt;cpu&gt;</c> children and attributes are shuffled formats to the same text.
/// </summary>
[TestFixture]
public class FormatPropertyTests
{
    private const int Iterations = 400;

    public static IEnumerable<int> Seeds() => Enumerable.Range(0, Iterations);

    [Test]
    public void ReadingWhatWasWrittenGivesTheDefinitionBack()
    {
        foreach (var seed in Seeds())
        {
            var cpu = CpuGenerator.Generate(new Random(seed));
            var doc = DomainDocument.Parse(CpuGenerator.Domain(""), "gen.xml").WithCpu(cpu);
            var back = doc.ReadCpu();
            Assert.That(back, Is.EqualTo(cpu), $"seed {seed}:\n{doc.Text}");
        }
    }

    [Test]
    public void FormatIsIdempotentOnDocuments()
    {
        foreach (var seed in Seeds())
        {
            var rng = new Random(seed);
            var cpu = CpuGenerator.Generate(rng);
            var canonical = CpuXmlWriter.Write(cpu, "  ") ?? "";
            var shuffled = CpuGenerator.Shuffle(canonical, rng);
            var once = Format(CpuGenerator.Domain(shuffled));
            var twice = Format(once);
            Assert.That(twice, Is.EqualTo(once), $"seed {seed}: formatting the formatted document changed it");
            Assert.That(once, Is.EqualTo(CpuGenerator.Domain(canonical)), $"seed {seed}: shuffled input did not format to the canonical form\n{shuffled}");
        }
    }

    [Test]
    public void FormatIsIdempotentThroughTheCommandLine()
    {
        foreach (var seed in Seeds().Take(40))
        {
            var rng = new Random(seed);
            var input = CpuGenerator.Domain(CpuGenerator.Shuffle(CpuXmlWriter.Write(CpuGenerator.Generate(rng), "  ") ?? "", rng));
            var once = Support.CliHarness.RunWithInput(System.Text.Encoding.UTF8.GetBytes(input), "format", "-");
            Assert.That(once.ExitCode, Is.EqualTo(0), once.Stderr);
            var twice = Support.CliHarness.RunWithInput(once.Stdout, "format", "-");
            Assert.That(twice.ExitCode, Is.EqualTo(0), twice.Stderr);
            Assert.That(twice.Stdout, Is.EqualTo(once.Stdout), $"seed {seed}");
        }
    }

    private static string Format(string text)
    {
        var doc = DomainDocument.Parse(text, "gen.xml");
        return doc.WithCpu(doc.ReadCpu()).Text;
    }
}

/// <summary>A seeded generator of guest CPU definitions in canonical form: only values libvirt's writer keeps,
/// so that reading the written form gives the same record.</summary>
internal static class CpuGenerator
{
    private static readonly string[] Models = { "qemu64", "Haswell", "Skylake-Client-IBRS", "EPYC-Rome", "Westmere", "core2duo", " spaced ", "a&b<c>'d\"" };
    private static readonly string[] Vendors = { "Intel", "AMD", "Hygon", "Odd & Vendor" };
    private static readonly string[] FeatureNames = { "vmx", "svm", "aes", "avx2", "sse4.2", "x2apic", "invtsc", "pcid", "hle", "rtm", "Mixed_Case", "lahf_lm" };
    private static readonly string[] VendorIds = { "GenuineIntel", "AuthenticAMD", "Libvirt QEMU", "a&b<c>'d\"xyz" };

    public static string Domain(string cpu) =>
        "<domain type='kvm'>\n  <name>gen</name>\n  <vcpu placement='static'>64</vcpu>\n  <os>\n    <type arch='x86_64' machine='pc'>hvm</type>\n  </os>\n" +
        (cpu.Length > 0 ? "  " + cpu + "\n" : "") + "  <clock offset='utc'/>\n</domain>\n";

    public static CpuDefinition Generate(Random r)
    {
        var mode = Pick(r, Enum.GetValues<CpuMode>());
        var cpu = new CpuDefinition { Mode = mode };
        string? model = null;
        if (mode == CpuMode.Custom && r.Next(5) > 0 || mode == CpuMode.HostModel && r.Next(3) == 0) model = Pick(r, Models);
        if (model is not null)
        {
            cpu = cpu with { Model = new CpuModelName(model, Pick(r, Enum.GetValues<CpuFallback>()), r.Next(3) == 0 ? Pick(r, VendorIds) : null) };
            if (r.Next(2) == 0) cpu = cpu with { Vendor = Pick(r, Vendors) };
        }
        else if (mode == CpuMode.HostModel && r.Next(3) == 0)
        {
            cpu = cpu with { Model = new CpuModelName(null, null, Pick(r, VendorIds)) };
        }
        var attributes = mode != CpuMode.Custom || model is not null;
        if (attributes)
        {
            if (mode == CpuMode.Custom) cpu = cpu with { Match = Pick(r, Enum.GetValues<CpuMatch>()) };
            if (r.Next(2) == 0) cpu = cpu with { Check = Pick(r, Enum.GetValues<CpuCheck>()) };
            if (mode is CpuMode.HostPassthrough or CpuMode.Maximum && r.Next(3) > 0) cpu = cpu with { Migratable = r.Next(2) == 0 };
            if (r.Next(4) == 0) cpu = cpu with { DeprecatedFeatures = r.Next(2) == 0 };
        }
        if (r.Next(2) == 0)
        {
            // The newest grammar has clusters and writes them on every topology.
            cpu = cpu with { Topology = new CpuTopology((uint)r.Next(1, 5), (uint)r.Next(1, 3), (uint)r.Next(1, 3), (uint)r.Next(1, 9), (uint)r.Next(1, 3)) };
        }
        if (r.Next(3) == 0) cpu = cpu with { Cache = new CpuCache(r.Next(2) == 0 ? null : (uint)r.Next(1, 4), Pick(r, Enum.GetValues<CacheMode>())) };
        if (r.Next(3) == 0)
        {
            var mpaMode = Pick(r, Enum.GetValues<MaxPhysAddrMode>());
            uint? limit = mpaMode == MaxPhysAddrMode.Passthrough && r.Next(2) == 0 ? (uint)r.Next(32, 53) : null;
            cpu = cpu with { MaxPhysAddr = new MaxPhysAddr(mpaMode, r.Next(2) == 0 ? null : (uint)r.Next(32, 53), limit) };
        }
        if (mode != CpuMode.Custom || model is not null)
        {
            var names = FeatureNames.OrderBy(_ => r.Next()).Take(r.Next(0, 6));
            cpu = cpu with { Features = names.Select(n => new CpuFeature(n, Pick(r, Enum.GetValues<FeaturePolicy>()))).ToImmutableArray() };
        }
        if (r.Next(3) == 0) cpu = cpu with { Numa = GenerateNuma(r) };
        // A custom CPU without model, attributes or children is not written at all; give it a topology.
        if (!attributes && cpu.Topology is null && cpu.Cache is null && cpu.MaxPhysAddr is null && cpu.Numa is null)
        {
            cpu = cpu with { Topology = new CpuTopology(1, 1, 1, 2, 1) };
        }
        return cpu;
    }

    private static NumaTopology GenerateNuma(Random r)
    {
        var n = r.Next(1, 5);
        var nextCpu = 0;
        var cpus = new string?[n];
        for (var i = 0; i < n; i++)
        {
            if (r.Next(4) == 0) continue;
            var ids = Enumerable.Range(nextCpu, r.Next(1, 5)).Where(_ => r.Next(4) > 0).ToList();
            nextCpu += 5;
            if (ids.Count > 0) cpus[i] = CpuSet.Format(ids);
        }
        var distances = new uint[n, n];
        if (r.Next(2) == 0)
        {
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    if (r.Next(3) == 0) continue;
                    distances[i, j] = distances[j, i] = (uint)r.Next(11, 256);
                    distances[i, i] = distances[j, j] = 10;
                }
            }
            if (r.Next(4) == 0) distances[0, 0] = 10;
        }
        var cells = ImmutableArray.CreateBuilder<NumaCell>(n);
        for (var i = 0; i < n; i++)
        {
            var d = Enumerable.Range(0, n).Where(j => distances[i, j] != 0)
                .Select(j => new NumaDistance((uint)j, distances[i, j])).ToImmutableArray();
            var caches = new[] { 1u, 2u, 3u }.Where(_ => r.Next(3) == 0)
                .Select(l => new NumaCache(l, Pick(r, new[] { "none", "direct", "full" }), Pick(r, new[] { "none", "writeback", "writethrough" }),
                    (ulong)r.Next(1, 1 << 20), (ulong)r.Next(1, 257)))
                .ToImmutableArray();
            cells.Add(new NumaCell((uint)i, cpus[i], (ulong)r.Next(1, 1 << 24),
                r.Next(3) == 0 ? Pick(r, new[] { "shared", "private" }) : null,
                r.Next(3) == 0 ? Pick(r, new[] { "yes", "no" }) : null, d, caches));
        }
        var links = new List<NumaInterconnect>();
        var initiators = Enumerable.Range(0, n).Where(i => cpus[i] is not null).ToList();
        if (initiators.Count > 0 && r.Next(2) == 0)
        {
            foreach (var kind in new[] { "latency", "bandwidth" })
            {
                for (var k = r.Next(0, 4); k > 0; k--)
                {
                    var initiator = Pick(r, initiators.ToArray());
                    var target = r.Next(n);
                    var levels = cells[target].Caches.Select(c => (uint?)c.Level).Prepend(null).ToArray();
                    var link = new NumaInterconnect(kind, (uint)initiator, (uint)target, Pick(r, levels),
                        Pick(r, new[] { "access", "read", "write" }), (ulong)r.Next(1, 1 << 30));
                    if (links.Any(l => l.Kind == kind && l.Initiator == link.Initiator && l.Target == link.Target && l.Cache == link.Cache && l.Type == link.Type)) continue;
                    // libvirt refuses a link between two cells defined in both directions.
                    if (link.Initiator != link.Target && links.Any(l => l.Initiator == link.Target && l.Target == link.Initiator)) continue;
                    links.Add(link);
                }
            }
        }
        return new NumaTopology(cells.MoveToImmutable(), links.ToImmutableArray());
    }

    /// <summary>The same element with the <c>&lt;cpu&gt;</c> children in another order (features keep their
    /// relative order, which is meaningful), attributes of every element shuffled, and double quotes.</summary>
    public static string Shuffle(string cpuXml, Random r)
    {
        if (cpuXml.Length == 0) return cpuXml;
        var cpu = XElement.Parse(cpuXml, LoadOptions.None);
        var children = cpu.Elements().ToList();
        var features = new Queue<XElement>(children.Where(c => c.Name.LocalName == "feature"));
        var slots = children.Select(c => c.Name.LocalName == "feature" ? null : c).OrderBy(_ => r.Next()).ToList();
        var order = slots.Select(s => s ?? features.Dequeue()).ToList();
        foreach (var e in cpu.DescendantsAndSelf())
        {
            var attrs = e.Attributes().OrderBy(_ => r.Next()).ToList();
            e.RemoveAttributes();
            e.Add(attrs);
        }
        cpu.RemoveNodes();
        cpu.Add(order);
        return cpu.ToString(SaveOptions.DisableFormatting);
    }

    private static T Pick<T>(Random r, T[] items) => items[r.Next(items.Length)];
}

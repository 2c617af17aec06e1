using System.Collections.Immutable;
using System.Text;
using DomainCpu.Model;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Diagnostics;
using DomainCpu.Host;
using DomainCpu.Start;

namespace DomainCpu.Tests;

/// <summary>strip(expand(x)) gives back x byte for byte: for every golden expand input and for generated domains.</summary>
[TestFixture]
public class StripPropertyTests
{
    public static IEnumerable<TestCaseData> GoldenCases() => Golden.Cases("expand");

    [TestCaseSource(nameof(GoldenCases))]
    public void GoldenInputRoundTrips(string name)
    {
        var dir = Golden.CaseDir("expand", name);
        var input = File.ReadAllBytes(Path.Combine(dir, "domain.xml"));
        var doc = DomainDocument.Load(input, "domain.xml");
        if (doc.Kind != DocumentKind.Domain) Assert.That(doc.Kind, Is.EqualTo(DocumentKind.Cpu));
        var caps = DomainDocument.LoadFile(Path.Combine(dir, "caps.xml"));
        var domcapsPath = Path.Combine(dir, "domcaps.xml");
        // The case's libvirt release, as the expand golden test runs it.
        var start = new StartContext { Target = Starts.Target() with { Libvirt = Golden.Profile(dir) } };
        var context = HostDocuments.Read(start, caps, File.Exists(domcapsPath) ? DomainDocument.LoadFile(domcapsPath) : null);
        DomainDocument live;
        try
        {
            live = LibvirtCpu.Expand(doc, context with { PinModelVersion = true });
        }
        catch (DomainCpuException)
        {
            Assert.That(File.Exists(Path.Combine(dir, "expected.err")), Is.True, "refused start in a case without expected.err");
            return;
        }
        if (doc.Kind != DocumentKind.Domain) return; // a standalone <cpu> has no metadata to keep the record in
        var stripped = LiveDocument.Strip(live, out _);
        Assert.That(stripped.ToBytes(), Is.EqualTo(input));
    }

    [Test]
    public void GeneratedDomainsRoundTrip()
    {
        var random = new Random(20261122);
        var context = Starts.Context() with { DomainCapabilities = Intel, CapabilitiesDecide = true };
        int expanded = 0, refused = 0;
        for (var i = 0; i < 400; i++)
        {
            var text = GenerateDomain(random);
            var bytes = new UTF8Encoding(false).GetBytes(text);
            var doc = DomainDocument.Load(bytes, $"generated-{i}.xml");
            DomainDocument live;
            try
            {
                live = LibvirtCpu.Expand(doc, context with { PinModelVersion = random.Next(2) == 0 });
            }
            catch (DomainCpuException)
            {
                refused++;
                continue;
            }
            if (live.Text != doc.Text)
            {
                expanded++;
                Assert.That(InactiveRecord.Find(live), Is.Not.Null, text);
            }
            var stripped = LiveDocument.Strip(live, out _);
            Assert.That(stripped.Text, Is.EqualTo(text), $"document {i}:\n{text}\nlive:\n{live.Text}");
            Assert.That(stripped.ToBytes(), Is.EqualTo(bytes));
        }
        TestContext.Out.WriteLine($"generated: {expanded} expanded, {refused} refused, {400 - expanded - refused} unchanged");
        Assert.That(expanded, Is.GreaterThan(200));
    }

    private static readonly DomainCapabilitiesCpu Intel = new(
        new MigratableMode(true, ImmutableArray.Create("on", "off")),
        new MigratableMode(true, ImmutableArray.Create("on", "off")),
        new HostModelMode(true, new CpuDefinition
        {
            Mode = CpuMode.Custom,
            Match = CpuMatch.Exact,
            Model = new CpuModelName("Skylake-Client-IBRS", CpuFallback.Forbid),
            Vendor = "Intel",
            Features = ImmutableArray.Create(new CpuFeature("vmx"), new CpuFeature("invtsc"), new CpuFeature("ssbd"),
                new CpuFeature("hle", FeaturePolicy.Disable), new CpuFeature("rtm", FeaturePolicy.Disable)),
        }),
        new CustomMode(true, new[] { "qemu64", "Westmere", "Haswell", "Icelake-Server", "Nehalem" }
            .Select(m => new CustomModel(m, m == "Haswell" ? ModelUsability.No : ModelUsability.Yes, false, null, ImmutableArray<string>.Empty))
            .ToImmutableArray()));

    private static readonly string[] Models = { "qemu64", "Westmere", "Haswell", "Icelake-Server", "Nehalem", "Cooperlake" };
    private static readonly string[] FeatureNames = { "vmx", "ssbd", "hle", "rtm", "aes", "pcid", "cmt", "x2apic" };
    private static readonly string[] Policies = { "require", "disable", "force", "optional", "forbid" };

    private static string GenerateDomain(Random r)
    {
        var nl = r.Next(5) == 0 ? "\r\n" : "\n";
        var q = r.Next(3) == 0 ? '"' : '\'';
        var ind = r.Next(4) == 0 ? "\t" : "  ";
        var qemuCpu = r.Next(4) == 0;
        var b = new StringBuilder();
        void Line(int depth, string s) => b.Append(string.Concat(Enumerable.Repeat(ind, depth))).Append(s).Append(nl);
        if (r.Next(3) == 0) b.Append("<?xml version=").Append(q).Append("1.0").Append(q).Append("?>").Append(nl);
        Line(0, $"<domain type={q}{(r.Next(2) == 0 ? "kvm" : "qemu")}{q}" +
                (qemuCpu ? $" xmlns:qemu={q}{DomainDocument.QemuNamespace}{q}" : "") + ">");
        Line(1, "<name>gen</name>");
        switch (r.Next(4))
        {
            case 1: Line(1, "<metadata/>"); break;
            case 2: Line(1, "<metadata>"); Line(2, $"<x:a xmlns:x={q}urn:x{q}>keep &amp; me</x:a>"); Line(1, "</metadata>"); break;
            case 3: Line(1, "<metadata>  </metadata>"); break;
        }
        Line(1, "<memory unit='KiB'>1048576</memory>");
        Line(1, "<vcpu>4</vcpu>");
        Line(1, $"<os><type arch='x86_64' machine={q}{(r.Next(2) == 0 ? "pc-q35-7.2" : "pc-i440fx-2.12")}{q}>hvm</type></os>");
        if (r.Next(5) == 0) Line(1, "<!-- the guest CPU -->");
        var hasCpu = r.Next(12) != 0;
        if (hasCpu) Line(1, GenerateCpu(r, q, nl, ind));
        Line(1, "<devices/>");
        if (qemuCpu)
        {
            Line(1, "<qemu:cpu>");
            // A <qemu:model> beside a <cpu> that chooses a model or mode is refused (DC0158): name it only without one.
            if (!hasCpu) Line(2, $"<qemu:model name={q}Haswell-v4{q}/>");
            Line(2, $"<qemu:option name={q}kvm{q} value={q}off{q}/>");
            Line(1, "</qemu:cpu>");
        }
        b.Append("</domain>");
        if (r.Next(2) == 0) b.Append(nl);
        return b.ToString();
    }

    private static string GenerateCpu(Random r, char q, string nl, string ind)
    {
        var mode = r.Next(6) switch { 0 => "host-passthrough", 1 => "maximum", 2 or 3 => "host-model", _ => "custom" };
        var attrs = new StringBuilder($"mode={q}{mode}{q}");
        if (mode == "custom") attrs.Append($" match={q}{(r.Next(3) == 0 ? "minimum" : "exact")}{q}");
        if (r.Next(3) != 0) attrs.Append($" check={q}{new[] { "none", "partial", "full" }[r.Next(3)]}{q}");
        var children = new List<string>();
        if (mode == "custom") children.Add($"<model fallback={q}{(r.Next(2) == 0 ? "allow" : "forbid")}{q}>{Models[r.Next(Models.Length)]}</model>");
        if (r.Next(3) == 0) children.Add($"<topology sockets={q}1{q} cores={q}2{q} threads={q}2{q}/>");
        if (mode is "custom" or "host-model")
        {
            foreach (var f in FeatureNames.OrderBy(_ => r.Next()).Take(r.Next(4)))
            {
                children.Add($"<feature policy={q}{Policies[r.Next(Policies.Length)]}{q} name={q}{f}{q}/>");
            }
        }
        if (r.Next(4) == 0)
        {
            children.Add($"<numa>{nl}{ind}{ind}{ind}<cell id={q}0{q} cpus={q}0-3{q} memory={q}{r.Next(1000, 2000000)}{q}/>{nl}{ind}{ind}</numa>");
        }
        if (r.Next(6) == 0) children.Add("<!-- tuned -->");
        if (children.Count == 0) return $"<cpu {attrs}{(r.Next(2) == 0 ? " " : "")}/>";
        var inner = string.Concat(children.Select(c => nl + ind + ind + c));
        return $"<cpu {attrs}>{inner}{nl}{ind}</cpu>";
    }
}

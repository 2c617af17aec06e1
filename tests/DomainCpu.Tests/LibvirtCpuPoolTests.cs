using System.Text;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Compat;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Tests.Support;
using DomainCpu.X86;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The facade's compare, pool, baseline and policy operations on <see cref="CpuInput"/>s (what the
/// <c>compare</c>, <c>baseline</c> and <c>policy</c> commands call), through the public API only: they give the golden
/// cases' answers, read a pool lazily, name its hosts and place refusals at the CPU they are about.</summary>
[TestFixture]
public class LibvirtCpuPoolTests
{
    private static readonly CpuCatalog MiniMap = LibvirtCpuMap.LoadDirectory(Path.Combine(Golden.Root, "testdata", "cpu-map-mini"));

    private static CpuInput Read(string dir, string file, int source = 0) =>
        CpuInput.ReadAll(File.ReadAllBytes(Path.Combine(dir, file)), file)[0] with { Source = source };

    private static IReadOnlyList<CpuInput> Parse(string xml, string file, int source) =>
        CpuInput.ReadAll(Encoding.UTF8.GetBytes(xml), file).Select(c => c with { Source = source }).ToList();

    private static string GoldenStdout(string dir) =>
        File.ReadAllText(Path.Combine(dir, "expected.out")).Split("--- stdout\n")[1].Split("--- stderr")[0];

    private static string Cpu(string model, string vendor = "Intel", string features = "") =>
        $"<cpu>\n  <arch>x86_64</arch>\n  <model>{model}</model>\n  <vendor>{vendor}</vendor>{features}\n</cpu>\n";

    [Test]
    public void ComparingAHostCpuWithAnInputGivesTheDocumentsAnswer()
    {
        var dir = Golden.CaseDir("compare", "caps-and-domain");
        var fromDocuments = LibvirtCpu.Compare(DomainDocument.LoadFile(Path.Combine(dir, "host.xml")), DomainDocument.LoadFile(Path.Combine(dir, "cpu.xml")), MiniMap);
        var fromInputs = LibvirtCpu.Compare(Read(dir, "host.xml").Cpu, Read(dir, "cpu.xml"), MiniMap);
        Assert.That(fromInputs, Is.EqualTo(fromDocuments));

        var guest = Parse("<domain>\n  <cpu><model>NoSuchModel</model></cpu>\n</domain>", "guest.xml", 0)[0];
        var refused = Assert.Throws<DomainCpuException>(() => LibvirtCpu.Compare(Read(dir, "host.xml").Cpu, guest, MiniMap))!;
        Assert.That((refused.Diagnostic.File, refused.Diagnostic.Line, refused.Diagnostic.Column), Is.EqualTo(("guest.xml", guest.Position.Line, guest.Position.Column)));
        Assert.That(refused.Diagnostic.Message, Does.Contain("NoSuchModel"));
    }

    [Test]
    public void APoolGivesTheGoldenVerdictsAndBlockingFeatures()
    {
        var dir = Golden.CaseDir("policy", "pool-some-blocked");
        var hosts = new[] { "a.xml", "b.xml", "c.xml" }.Select((f, i) => Read(dir, f, i));
        var pool = LibvirtCpu.Pool(Read(dir, "guest.xml"), hosts, MiniMap).ToList();
        var text = new StringBuilder();
        foreach (var h in pool)
        {
            text.Append(h.Host).Append(": ").Append(h.CanRun ? $"can run ({h.Compare.Result.ToString().ToLowerInvariant()})" : $"cannot run: {h.Compare.Reason}").Append('\n');
        }
        foreach (var b in LibvirtCpu.Blocking(pool, MiniMap)) text.Append("blocking ").Append(b.Feature).Append(": ").Append(string.Join(" ", b.Hosts)).Append('\n');
        Assert.That(text.ToString(), Is.EqualTo(GoldenStdout(dir)));
        Assert.That(pool.Select(h => h.Input.File), Is.EqualTo(new[] { "a.xml", "b.xml", "c.xml" }));
    }

    [Test]
    public void APoolIsReadOnlyAsFarAsItIsCompared()
    {
        var pulled = 0;
        IEnumerable<CpuInput> Hosts()
        {
            for (var i = 0; ; i++)
            {
                pulled++;
                if (i == 3) throw new InvalidOperationException("read past what was asked for");
                yield return Parse(Cpu("Lake-1"), $"h{i}.xml", i)[0];
            }
        }
        var guest = Parse(Cpu("Lake-1"), "guest.xml", 0)[0];
        var first = LibvirtCpu.Pool(guest, Hosts(), MiniMap).First();
        Assert.That(first.Host, Is.EqualTo("h0.xml"));
        Assert.That(first.Compare.Result, Is.EqualTo(CompareVerdict.Identical));
        Assert.That(pulled, Is.EqualTo(2), "one host is held back to know whether its file holds more");
        Assert.Throws<InvalidOperationException>(() => LibvirtCpu.Pool(guest, Hosts(), MiniMap).ToList());
    }

    [Test]
    public void HostsOfAFileWithSeveralCpusAreNamedByPosition()
    {
        var several = Parse(Cpu("Lake-1") + Cpu("Lake-2"), "pool.xml", 0);
        var one = Parse(Cpu("Lake-2"), "one.xml", 1);
        var pool = LibvirtCpu.Pool(Parse(Cpu("Lake-2"), "guest.xml", 0)[0], several.Concat(one), MiniMap).ToList();
        Assert.That(pool.Select(h => h.Host), Is.EqualTo(new[]
        {
            $"pool.xml:{several[0].Position.Line}:{several[0].Position.Column}",
            $"pool.xml:{several[1].Position.Line}:{several[1].Position.Column}",
            "one.xml",
        }));
        Assert.That(several[1].Position.Line, Is.GreaterThan(several[0].Position.Line));
        Assert.That(pool.Select(h => h.CanRun), Is.EqualTo(new[] { false, true, true }), "Lake-1 lacks what Lake-2 adds");
        Assert.That(pool[1].Input, Is.SameAs(several[1]));
    }

    [Test]
    public void APoolRefusesAtTheCpuARefusalIsAbout()
    {
        var guest = Parse(Cpu("Lake-1"), "guest.xml", 0)[0];
        var unknown = Parse("\n" + Cpu("Lake-1", features: "\n  <feature name='warp-drive'/>"), "bad.xml", 1)[0];
        var hosts = Parse(Cpu("Lake-1"), "good.xml", 0).Append(unknown);
        var atHost = Assert.Throws<DomainCpuException>(() => LibvirtCpu.Pool(guest, hosts, MiniMap).ToList())!;
        Assert.That((atHost.Diagnostic.File, atHost.Diagnostic.Line), Is.EqualTo(("bad.xml", 2)));
        Assert.That(atHost.Diagnostic.Id, Is.EqualTo("DC1002"));

        var badGuest = Parse(Cpu("NoSuchModel"), "guest.xml", 0)[0];
        var atGuest = Assert.Throws<DomainCpuException>(() => LibvirtCpu.Pool(badGuest, Parse(Cpu("Lake-1"), "good.xml", 0), MiniMap).ToList())!;
        Assert.That(atGuest.Diagnostic.File, Is.EqualTo("guest.xml"));

        var domain = Parse("<domain type='kvm'>\n  <cpu mode='custom'><model>Lake-1</model></cpu>\n</domain>", "domain.xml", 0)[0];
        var notAHost = Assert.Throws<DomainCpuException>(() => LibvirtCpu.Pool(guest, new[] { domain }, MiniMap).ToList())!;
        Assert.That((notAHost.Diagnostic.Id, notAHost.Diagnostic.File), Is.EqualTo(("DC1501", "domain.xml")));
    }

    [Test]
    public void ABaselineOfInputsIsTheGoldenOneAndReadsThePoolOnce()
    {
        var dir = Golden.CaseDir("baseline", "amd-older-and-newer");
        var enumerations = 0;
        IEnumerable<CpuInput> Hosts()
        {
            enumerations++;
            yield return Read(dir, "input1.xml", 0);
            yield return Read(dir, "input2.xml", 1);
        }
        var cpu = LibvirtCpu.Baseline(Hosts(), catalog: MiniMap);
        Assert.That(LibvirtCpu.ToXml(cpu) + "\n", Is.EqualTo(GoldenStdout(dir)));
        Assert.That(enumerations, Is.EqualTo(1));
        var fromDocuments = LibvirtCpu.Baseline(new[] { "input1.xml", "input2.xml" }.Select(f => DomainDocument.LoadFile(Path.Combine(dir, f))).ToList(), catalog: MiniMap);
        Assert.That(cpu, Is.EqualTo(fromDocuments));

        var expanded = LibvirtCpu.Baseline(Hosts(), new BaselineOptions(ExpandFeatures: true), MiniMap);
        Assert.That(expanded.Features.Length, Is.GreaterThan(cpu.Features.Length), "--features lists the model's features too");
    }

    [Test]
    public void ABaselineRefusesAtTheCpuItIsAbout()
    {
        var good = Parse(Cpu("Lake-1"), "good.xml", 0);
        var unknown = Parse("\n\n" + Cpu("Lake-1", features: "\n  <feature name='warp-drive'/>"), "bad.xml", 1);
        var refused = Assert.Throws<DomainCpuException>(() => LibvirtCpu.Baseline(good.Concat(unknown), catalog: MiniMap))!;
        Assert.That((refused.Diagnostic.Id, refused.Diagnostic.File, refused.Diagnostic.Line), Is.EqualTo(("DC1002", "bad.xml", 3)));

        var vendors = Parse(Cpu("Lake-1", vendor: "AMD"), "amd.xml", 1);
        var differ = Assert.Throws<DomainCpuException>(() => LibvirtCpu.Baseline(good.Concat(vendors), catalog: MiniMap))!;
        Assert.That(differ.Diagnostic.File, Is.EqualTo("amd.xml"), "the CPU whose vendor differs from its model's");

        var none = Assert.Throws<DomainCpuException>(() => LibvirtCpu.Baseline(Array.Empty<CpuInput>(), catalog: MiniMap))!;
        Assert.That(none.Diagnostic.Id, Is.EqualTo("DC1010"));
        Assert.That(none.Diagnostic.HasLocation, Is.False);
    }

    [Test]
    public void PoliciesOfAnInputGiveTheGoldenPolicies()
    {
        var max = LibvirtCpu.MaxPolicy(Read(Golden.CaseDir("policy", "max-xen"), "host.xml"), MiniMap);
        Assert.That(max.Name, Is.EqualTo("max"));
        Assert.That(max.ToXenCpuid() + "\n", Is.EqualTo(GoldenStdout(Golden.CaseDir("policy", "max-xen"))));
        Assert.That(max.Excluded, Is.Empty);

        var safe = LibvirtCpu.DefaultPolicy(Read(Golden.CaseDir("policy", "default-xen"), "host.xml"), MiniMap);
        Assert.That(safe.Name, Is.EqualTo("default"));
        Assert.That(safe.ToXenCpuid() + "\n", Is.EqualTo(GoldenStdout(Golden.CaseDir("policy", "default-xen"))));
        Assert.That(safe.Excluded, Is.EqualTo(new[] { "osxsave", "xsaves", "invtsc" }));
        Assert.That(safe.Features, Has.None.AnyOf("osxsave", "xsaves", "invtsc"));
        var xmlCase = Golden.CaseDir("policy", "default-xml");
        Assert.That(LibvirtCpu.ToXml(LibvirtCpu.DefaultPolicy(Read(xmlCase, "host.xml"), MiniMap).Cpu) + "\n", Is.EqualTo(GoldenStdout(xmlCase)));

        var unknown = Parse("\n" + Cpu("NoSuchModel"), "unknown.xml", 0)[0];
        var refused = Assert.Throws<DomainCpuException>(() => LibvirtCpu.DefaultPolicy(unknown, MiniMap))!;
        Assert.That((refused.Diagnostic.File, refused.Diagnostic.Line), Is.EqualTo(("unknown.xml", 2)));
        Assert.That(refused.Diagnostic.Message, Does.Contain("NoSuchModel"));
    }

    [Test]
    public void AnAuditOfInputsGivesTheGoldenFindings()
    {
        var dir = Golden.CaseDir("policy", "audit-denied");
        var findings = LibvirtCpu.Audit(Read(dir, "host.xml"), Read(dir, "guest.xml"), MiniMap);
        Assert.That(findings, Is.Not.Empty);
        Assert.That(string.Concat(findings.Select(f => $"{f.Feature}: {f.Verdict}: {f.Reason}\n")), Is.EqualTo(GoldenStdout(dir)));

        var guest = Parse(Cpu("Lake-1", features: "\n  <feature policy='require' name='warp-drive'/>"), "guest.xml", 0)[0];
        var refused = Assert.Throws<DomainCpuException>(() => LibvirtCpu.Audit(Read(dir, "host.xml"), guest, MiniMap))!;
        Assert.That((refused.Diagnostic.Id, refused.Diagnostic.File), Is.EqualTo(("DC1002", "guest.xml")));
    }
}

using System.Text;
using DomainCpu.Catalog;
using DomainCpu.Compat;
using DomainCpu.Diff;
using DomainCpu.Model;
using DomainCpu.Qemu;
using DomainCpu.Schema;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Catalog.Libvirt;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;
using DomainCpu.Host;
using DomainCpu.Start;
using DomainCpu.Targets;
using DomainCpu.X86;

namespace DomainCpu.Tests;

/// <summary>The library entry points a management application uses: loading from a string, a stream and a file,
/// typed CPU edits, and the <see cref="LibvirtCpu"/> operations, which must agree with the command line.</summary>
[TestFixture]
public class LibvirtCpuTests
{
    private static string Example(string name) => Path.Combine(Golden.Root, "examples", "ManageCpu", name);

    private static readonly CpuCatalog MiniMap = LibvirtCpuMap.LoadDirectory(Path.Combine(Golden.Root, "testdata", "cpu-map-mini"));

    private static DomainDocument Domain => DomainDocument.LoadFile(Example("domain.xml"));

    private static DomainDocument DomCaps => DomainDocument.LoadFile(Example("domcapabilities.xml"));

    [Test]
    public void StringStreamAndFileLoadTheSameDocument()
    {
        var text = File.ReadAllText(Example("domain.xml"));
        var parsed = DomainDocument.Parse(text);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var streamed = DomainDocument.Load(stream);
        var loaded = Domain;
        Assert.That(parsed.File, Is.EqualTo("-"));
        Assert.That(streamed.File, Is.EqualTo("-"), "a stream without a name is reported as standard input");
        Assert.That(loaded.File, Is.EqualTo(Example("domain.xml")));
        Assert.That(streamed.Text, Is.EqualTo(text));
        Assert.That(loaded.Text, Is.EqualTo(text));
        Assert.That(parsed.ReadCpu(), Is.EqualTo(loaded.ReadCpu()));
        Assert.That(streamed.ReadCpu()!.Mode, Is.EqualTo(CpuMode.HostModel));
    }

    [Test]
    public void TypedEditsRewriteOnlyTheCpu()
    {
        var cpu = Domain.ReadCpu()!;
        var changed = cpu.WithFeature("pcid").WithFeature("vmx", FeaturePolicy.Require).WithoutFeature("nosuch") with { Check = CpuCheck.Full };
        Assert.That(changed.Features, Is.EqualTo(new[] { new CpuFeature("vmx", FeaturePolicy.Require), new CpuFeature("pcid", FeaturePolicy.Require) }),
            "a listed feature changes in place, a new one is appended");
        Assert.That(changed.WithoutFeature("vmx").Features.Select(f => f.Name), Is.EqualTo(new[] { "pcid" }));
        var doc = Domain.WithCpu(changed);
        Assert.That(doc.ReadCpu(), Is.EqualTo(changed));
        var before = Domain.Text;
        var cpuStart = before.IndexOf("  <cpu", StringComparison.Ordinal);
        Assert.That(doc.Text[..cpuStart], Is.EqualTo(before[..cpuStart]), "everything before <cpu> is kept");
        Assert.That(doc.Text, Does.EndWith(before[before.IndexOf("  <clock", StringComparison.Ordinal)..]), "everything after it too");
    }

    [Test]
    public void ExpandAndStripAgreeWithTheCommandLine()
    {
        var live = LibvirtCpu.Expand(Domain, DomCaps);
        // The facade answers as its default target; the command names it, or it would take the QEMU release from the
        // domain capabilities' machine type (and that release's feature order).
        var target = LibvirtCpu.DefaultTarget;
        var cli = CliHarness.Run("--libvirt", target.Libvirt.Version.ToString(), "--qemu", target.Origin.QemuVersion.ToString(),
            "expand", "--live", "--domcaps", Example("domcapabilities.xml"), Example("domain.xml"));
        Assert.That(cli.ExitCode, Is.EqualTo(0), cli.Stderr);
        Assert.That(live.ToBytes(), Is.EqualTo(cli.Stdout));
        Assert.That(live.ReadCpu()!.ModelName, Is.EqualTo("Cascadelake-Server-noTSX"));
        Assert.That(LibvirtCpu.Strip(live).Text, Is.EqualTo(Domain.Text));
    }

    [Test]
    public void ExpandRefusalIsADiagnostic()
    {
        var live = LibvirtCpu.Expand(Domain, DomCaps);
        var ex = Assert.Throws<DomainCpuException>(() => LibvirtCpu.Expand(live, DomCaps))!;
        Assert.That(ex.Diagnostic.Id, Is.EqualTo("DC0601"));
        Assert.That(ex.Diagnostic.Line, Is.GreaterThan(0));
        var wrongKind = Assert.Throws<DomainCpuException>(() => LibvirtCpu.Expand(Domain, null, capabilities: Domain))!;
        Assert.That(wrongKind.Diagnostic.Id, Is.EqualTo("DC0610"));
    }

    [Test]
    public void CompareAgreesWithTheCommandLine()
    {
        var dir = Golden.CaseDir("compare", "caps-and-domain");
        var result = LibvirtCpu.Compare(DomainDocument.LoadFile(Path.Combine(dir, "host.xml")), DomainDocument.LoadFile(Path.Combine(dir, "cpu.xml")), MiniMap);
        var cli = CliHarness.Run("compare", "--cpu-map", Path.Combine(Golden.Root, "testdata", "cpu-map-mini"), "--json", "--caps", Path.Combine(dir, "host.xml"), Path.Combine(dir, "cpu.xml"));
        Assert.That(cli.StdoutText, Does.Contain($"\"result\": \"{result.Result.ToString().ToLowerInvariant()}\""));
        Assert.That(cli.StdoutText, Does.Contain(result.Reason));
    }

    [Test]
    public void CompareAgainstDomainCapabilitiesUsesTheHostModel()
    {
        var guest = DomainDocument.Parse("<cpu><model>Cascadelake-Server-noTSX</model><feature name='avx512f'/></cpu>");
        var result = LibvirtCpu.Compare(DomCaps, guest);
        Assert.That(result.Result, Is.AnyOf(CompareVerdict.Identical, CompareVerdict.Superset));
        var tooMuch = LibvirtCpu.Compare(DomCaps, DomainDocument.Parse("<cpu><model>Cascadelake-Server-noTSX</model><feature name='avx512-fp16'/></cpu>"));
        Assert.That(tooMuch.Result, Is.EqualTo(CompareVerdict.Incompatible));
        Assert.That(tooMuch.Missing, Does.Contain("avx512-fp16"));
    }

    [Test]
    public void RefusedCompareIsADiagnosticAtTheGuestCpu()
    {
        var guest = DomainDocument.Parse("<domain>\n  <cpu><model>NoSuchModel</model></cpu>\n</domain>", "guest.xml");
        var ex = Assert.Throws<DomainCpuException>(() => LibvirtCpu.Compare(DomCaps, guest))!;
        Assert.That(ex.Diagnostic.File, Is.EqualTo("guest.xml"));
        Assert.That(ex.Diagnostic.Line, Is.EqualTo(2));
        Assert.That(ex.Diagnostic.Message, Does.Contain("NoSuchModel"));
        var none = Assert.Throws<DomainCpuException>(() => LibvirtCpu.Compare(DomCaps, DomainDocument.Parse("<domain/>")))!;
        Assert.That(none.Diagnostic.Id, Is.EqualTo("DC1020"));
    }

    [Test]
    public void BaselineAgreesWithTheGoldenCase()
    {
        var dir = Golden.CaseDir("baseline", "amd-older-and-newer");
        var hosts = new[] { "input1.xml", "input2.xml" }.Select(f => DomainDocument.LoadFile(Path.Combine(dir, f))).ToList();
        var cpu = LibvirtCpu.Baseline(hosts, catalog: MiniMap);
        var expected = File.ReadAllText(Path.Combine(dir, "expected.out")).Split("--- stdout\n")[1].Split("--- stderr")[0];
        Assert.That(CpuXmlWriter.Write(cpu) + "\n", Is.EqualTo(expected));
        Assert.Throws<ArgumentException>(() => LibvirtCpu.Baseline(Array.Empty<DomainDocument>()));
    }

    private static string GoldenStdout(string dir) =>
        File.ReadAllText(Path.Combine(dir, "expected.out")).Split("--- stdout\n")[1].Split("--- stderr")[0];

    [Test]
    public void PoliciesAgreeWithTheGoldenCases()
    {
        var host = DomainDocument.LoadFile(Path.Combine(Golden.CaseDir("policy", "max-xml"), "host.xml"));
        Assert.That(CpuXmlWriter.Write(LibvirtCpu.MaxPolicy(host, MiniMap).Cpu) + "\n", Is.EqualTo(GoldenStdout(Golden.CaseDir("policy", "max-xml"))));
        var safeHost = DomainDocument.LoadFile(Path.Combine(Golden.CaseDir("policy", "default-xml"), "host.xml"));
        Assert.That(CpuXmlWriter.Write(LibvirtCpu.DefaultPolicy(safeHost, MiniMap).Cpu) + "\n", Is.EqualTo(GoldenStdout(Golden.CaseDir("policy", "default-xml"))));

        var audit = Golden.CaseDir("policy", "audit-denied");
        var findings = LibvirtCpu.Audit(DomainDocument.LoadFile(Path.Combine(audit, "host.xml")), DomainDocument.LoadFile(Path.Combine(audit, "guest.xml")), MiniMap);
        Assert.That(string.Concat(findings.Select(f => $"{f.Feature}: {f.Verdict}: {f.Reason}\n")), Is.EqualTo(GoldenStdout(audit)));
    }

    [Test]
    public void PoolAgreesWithTheGoldenCase()
    {
        var dir = Golden.CaseDir("policy", "pool-some-blocked");
        var hosts = new[] { "a.xml", "b.xml", "c.xml" }.Select(f => DomainDocument.LoadFile(Path.Combine(dir, f))).ToList();
        var pool = LibvirtCpu.Pool(DomainDocument.LoadFile(Path.Combine(dir, "guest.xml")), hosts, MiniMap);
        Assert.That(pool.Select(h => Path.GetFileName(h.Host)), Is.EqualTo(new[] { "a.xml", "b.xml", "c.xml" }));
        Assert.That(pool.Select(h => h.CanRun), Is.EqualTo(new[] { true, false, false }));
        var expected = GoldenStdout(dir);
        foreach (var h in pool.Where(h => !h.CanRun)) Assert.That(expected, Does.Contain($"{Path.GetFileName(h.Host)}: cannot run: {h.Compare.Reason}\n"));
        var refused = Assert.Throws<DomainCpuException>(() => LibvirtCpu.Pool(DomainDocument.Parse("<cpu><model>NoSuchModel</model></cpu>", "guest.xml"), hosts, MiniMap))!;
        Assert.That(refused.Diagnostic.File, Is.EqualTo("guest.xml"), "a guest libvirt refuses is reported at the guest");
    }

    [Test]
    public void HostModelAndHasErrors()
    {
        var hostModel = LibvirtCpu.HostModel(DomCaps);
        Assert.That(hostModel, Is.Not.Null);
        Assert.That(hostModel!.ModelName, Is.EqualTo(DomainCapabilitiesReader.Read(DomCaps).HostModel.Cpu!.ModelName));
        Assert.Throws<DomainCpuException>(() => LibvirtCpu.HostModel(Domain));
        Assert.That(LibvirtCpu.HasErrors(LibvirtCpu.Validate(Domain)), Is.False);
        Assert.That(LibvirtCpu.HasErrors(LibvirtCpu.Validate(DomainDocument.Parse("<domain type='kvm'><cpu mode='bogus'/></domain>"))), Is.True);
    }

    [Test]
    public void ArgvAgreesWithTheCommandLine()
    {
        var live = LibvirtCpu.Expand(Domain, DomCaps);
        var warnings = new List<Diagnostic>();
        var argv = LibvirtCpu.BuildArgv(live, warnings: warnings);
        var cli = CliHarness.RunWithInput(live.ToBytes(), "argv", "-");
        Assert.That(cli.ExitCode, Is.EqualTo(0), cli.Stderr);
        Assert.That(cli.StdoutText, Is.EqualTo($"-cpu {argv.Cpu}\n-smp {argv.Smp}\n"));
        Assert.That(argv.Cpu, Does.StartWith("Cascadelake-Server-noTSX,").And.Contain("vmx=off"));
        Assert.That(warnings, Is.Empty);
        var withHostModel = LibvirtCpu.BuildArgv(Domain, new StartContext
        {
            Target = LibvirtCpu.DefaultTarget,
            HostModel = HostModelReader.ReadHostModel(DomCaps),
        });
        Assert.That(withHostModel.Cpu, Is.EqualTo(argv.Cpu), "the inactive host-model domain with the host model gives the live -cpu");
    }

    [Test]
    public void ValidateReturnsFindingsAsData()
    {
        Assert.That(LibvirtCpu.Validate(Domain), Is.Empty);
        var findings = LibvirtCpu.Validate(DomainDocument.Parse("<domain type='kvm'>\n<cpu mode='bogus'/>\n</domain>", "bad.xml"));
        Assert.That(findings, Is.Not.Empty);
        Assert.That(findings[0].File, Is.EqualTo("bad.xml"));
        Assert.That(findings[0].Line, Is.EqualTo(2));
        Assert.That(findings[0].Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(Validator.HasErrors(findings), Is.True);
    }

    [Test]
    public void FormatMigratableAndDiff()
    {
        var messy = DomainDocument.Parse("<domain type='kvm'>\n  <cpu mode=\"custom\"><model>Icelake-Server</model></cpu>\n</domain>\n");
        var formatted = LibvirtCpu.Format(messy);
        Assert.That(formatted.Text, Does.Contain("<cpu mode='custom'"));
        Assert.That(LibvirtCpu.Migratable(formatted).ReadCpu()!.FindFeature("pconfig"), Is.EqualTo(new CpuFeature("pconfig", FeaturePolicy.Disable)));
        var changes = LibvirtCpu.Diff(formatted, LibvirtCpu.Migratable(formatted));
        Assert.That(changes, Has.Some.Matches<CpuChange>(c => c.Kind == CpuChangeKind.FeatureAdded && c.Name == "pconfig"));
    }
    [Test]
    public void StripSaysWhetherItRestoredTheConfiguredCpu()
    {
        var live = LibvirtCpu.Expand(Domain, DomCaps);
        Assert.That(LibvirtCpu.Strip(live, out var restored).Text, Is.EqualTo(Domain.Text));
        Assert.That(restored, Is.True);
        var inactive = Domain;
        Assert.That(LibvirtCpu.Strip(inactive, out var notLive), Is.SameAs(inactive));
        Assert.That(notLive, Is.False, "a document without a record is not restored");
    }

    [Test]
    public void MigratablePinsForATargetOrSaysWhyNot()
    {
        var doc = DomainDocument.Parse("<domain type='kvm'>\n  <os><type machine='pc-q35-7.2'>hvm</type></os>\n" +
            "  <cpu mode='custom'><model>Haswell</model></cpu>\n</domain>\n", "guest.xml");
        var old = new List<Diagnostic>();
        var unpinned = LibvirtCpu.Migratable(doc, TargetResolver.Resolve(new TargetRequest { Libvirt = new(9, 0) }), pinVersion: true, warnings: old);
        Assert.That(unpinned.ReadCpu()!.ModelName, Is.EqualTo("Haswell"));
        Assert.That(old.Select(d => d.Id), Is.EqualTo(new[] { DiagnosticCatalogue.ModelNotPinned.Id }));
        var current = new List<Diagnostic>();
        var pinned = LibvirtCpu.Migratable(doc, TargetResolver.Resolve(new TargetRequest { Libvirt = new(11, 3) }), pinVersion: true, warnings: current);
        Assert.That(pinned.ReadCpu()!.ModelName, Is.EqualTo("Haswell-v1"));
        Assert.That(current, Is.Empty);
        Assert.That(LibvirtCpu.Migratable(doc, TargetResolver.Resolve(new TargetRequest { Libvirt = new(9, 0) })).ReadCpu()!.ModelName,
            Is.EqualTo("Haswell"), "no pinning unless asked");
    }

    [Test]
    public void ValidatingBytesFindsWhatValidatingTheLoadedDocumentFinds()
    {
        var bytes = Encoding.UTF8.GetBytes("<domain type='kvm'>\n  <cpu mode='custom'><model>Haswell</model><feature policy='maybe' name='vmx'/></cpu>\n</domain>\n");
        var fromBytes = LibvirtCpu.Validate(bytes, "d.xml");
        Assert.That(fromBytes, Is.Not.Empty);
        Assert.That(fromBytes, Is.EqualTo(LibvirtCpu.Validate(DomainDocument.Load(bytes, "d.xml"))));
    }

    [Test]
    public void AnApplicationReportsItsOwnFindingWithACatalogueId()
    {
        var finding = DiagnosticCatalogue.HookConfigInvalid.With("expected yes or no").At("hook.conf", new SourcePosition(3, 1));
        Assert.That(finding.ToString(), Is.EqualTo($"hook.conf:3:1: error: [{DiagnosticCatalogue.HookConfigInvalid.Id}] expected yes or no"));
        Assert.That(DomainCpuException.At("other.conf", new SourcePosition(2, 1), finding).Diagnostic.File, Is.EqualTo("other.conf"));
    }
    /// <summary>The facade defines a domain as <c>format --define</c> does: every define case of the format goldens
    /// (libvirt 9.0, with the case's QEMU record when it has one).</summary>
    [Test]
    public void DefineAgreesWithTheFormatGoldens()
    {
        var cases = Directory.GetDirectories(Path.Combine(Golden.Root, "testdata", "format"), "define-*")
            .Where(c => !File.Exists(Path.Combine(c, "libvirt"))).Order(StringComparer.Ordinal).ToList();
        Assert.That(cases, Has.Count.GreaterThan(10));
        foreach (var dir in cases)
        {
            var input = DomainDocument.LoadFile(Path.Combine(dir, "input.xml"));
            var record = Path.Combine(dir, "qemucaps.xml");
            var qemu = File.Exists(record) ? HostDocuments.ReadQemuRecord(DomainDocument.LoadFile(record)) : null;
            var defined = input.Kind == DocumentKind.Domain ? LibvirtCpu.Define(input, LibvirtProfile.Libvirt90, qemu) : LibvirtCpu.Format(input, LibvirtProfile.Libvirt90);
            Assert.That(defined.Text, Is.EqualTo(File.ReadAllText(Path.Combine(dir, "expected.xml"))), Path.GetFileName(dir));
        }
    }

    [Test]
    public void DefineRefusesADocumentThatIsNotADomain()
    {
        var ex = Assert.Throws<DomainCpuException>(() => LibvirtCpu.Define(DomainDocument.Parse("<cpu mode='host-model'/>", "c.xml")));
        Assert.That(ex!.Diagnostic.Id, Is.EqualTo(DiagnosticCatalogue.NotADomain.Id));
        Assert.That(ex.Diagnostic.File, Is.EqualTo("c.xml"));
    }

    [Test]
    public void RequireKindNamesWhatWasExpected()
    {
        var cpu = DomainDocument.Parse("<cpu mode='host-model'/>", "c.xml");
        Assert.That(cpu.RequireKind(DocumentKind.Domain, DocumentKind.Cpu), Is.SameAs(cpu));
        var ex = Assert.Throws<DomainCpuException>(() => cpu.RequireKind(DocumentKind.Domain, DocumentKind.Capabilities));
        Assert.That(ex!.Diagnostic.ToString(), Is.EqualTo(
            $"c.xml:1:2: error: [{DiagnosticCatalogue.DocumentKindUnexpected.Id}] expected a domain (<domain>) or host capabilities (<capabilities>), found <cpu>"));
        Assert.That(cpu.ReadDomainInfo(), Is.EqualTo(new DomainInfo(null, null, null, null, null)), "a standalone <cpu> has no domain facts");
    }
    [Test]
    public void CpuInputsKnowWhereTheyCameFromAndWhatTheyAre()
    {
        var guest = CpuInput.ReadAll(Encoding.UTF8.GetBytes("<domain type='kvm'>\n  <cpu mode='host-model'/>\n</domain>\n"), "g.xml").Single();
        Assert.That((guest.File, guest.Position), Is.EqualTo(("g.xml", new SourcePosition(2, 4))));
        Assert.That(guest.GuestOrigin, Is.EqualTo("a domain's <cpu>"));
        var refused = Assert.Throws<DomainCpuException>(() => guest.AsHost())!;
        Assert.That(refused.Diagnostic.ToString(), Does.StartWith($"g.xml:2:4: error: [{DiagnosticCatalogue.GuestCpuAsHost.Id}]"));
        var hosts = CpuInput.ReadAll(Encoding.UTF8.GetBytes(
            "<cpu><arch>x86_64</arch><model>Haswell</model></cpu>\n<cpu><arch>x86_64</arch><model>Broadwell</model></cpu>\n"), "pool.xml");
        Assert.That(hosts.Select(h => (h.Cpu.ModelName, h.Position.Line, h.AsHost() == h)), Is.EqualTo(new[] { ("Haswell", 1, true), ("Broadwell", 2, true) }));
        var placed = hosts[1].Placed(new DomainCpuException(DiagnosticCatalogue.NoCpu.With("why")));
        Assert.That((placed.Diagnostic.File, placed.Diagnostic.Line), Is.EqualTo(("pool.xml", 2)));
        Assert.Throws<DomainCpuException>(() => CpuInput.ReadAll(Encoding.UTF8.GetBytes("<network/>"), "n.xml"));
    }
}

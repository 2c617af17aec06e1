using System.Text;
using System.Xml;
using System.Xml.Schema;
using DomainCpu.Catalog;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;

namespace DomainCpu.Tests;

/// <summary>The embedded QEMU catalog: loading, format, resolution of names under machine types, accelerator overlays.</summary>
[TestFixture]
public sealed class QemuCatalogTests
{
    private static QemuCatalog Catalog => EmbeddedCatalog.Qemu;

    private static QemuMachineType Machine(string name) => Catalog.FindMachine(name) ?? throw new AssertionException($"no machine {name}");

    [Test]
    public void The_embedded_catalog_is_loaded_once_for_all_threads()
    {
        var seen = new QemuCatalog[16];
        Parallel.For(0, seen.Length, i => seen[i] = EmbeddedCatalog.Qemu);
        Assert.That(seen.Distinct().Count(), Is.EqualTo(1));
        Assert.That(Catalog.Models, Is.Not.Empty);
    }

    [Test]
    public void The_committed_catalog_validates_against_its_schema()
    {
        var schemas = new XmlSchemaSet();
        using (var xsd = XmlReader.Create(Path.Combine(Golden.Root, "schemas", "cpu-catalog.xsd"))) schemas.Add(null, xsd);
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        var errors = new List<string>();
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Exception.LineNumber}: {e.Message}");
        using (var r = XmlReader.Create(Path.Combine(Golden.Root, "schemas", "cpu-catalog.xml"), settings))
        {
            while (r.Read()) { }
        }
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void Unversioned_names_follow_the_machine_type()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Catalog.Resolve("Haswell", Machine("pc"))!.AliasOf, Is.EqualTo("Haswell-v1"));
            Assert.That(Catalog.Resolve("Haswell", Machine("q35"))!.Version.Name, Is.EqualTo("Haswell-v1"));
            Assert.That(Catalog.Resolve("Haswell", Machine("microvm"))!.Version.Name, Is.EqualTo("Haswell-v4"));
            var legacy = Catalog.Resolve("Haswell", Machine("pc-i440fx-2.12"))!;
            Assert.That(legacy.Version.Name, Is.EqualTo("Haswell-v1"));
            Assert.That(legacy.AliasOf, Is.Null, "old machine types report no aliases");
        });
    }

    [Test]
    public void Named_aliases_and_versioned_names_mean_the_same_everywhere()
    {
        foreach (var m in Catalog.Machines)
        {
            Assert.That(Catalog.Resolve("Haswell-noTSX", m)!.Version.Name, Is.EqualTo("Haswell-v2"), m.Name);
            var v3 = Catalog.Resolve("Haswell-v3", m)!;
            Assert.That((v3.Kind, v3.Version.Number, v3.AliasOf), Is.EqualTo((QemuNameKind.Versioned, 3, (string?)null)), m.Name);
        }
    }

    [Test]
    public void A_fix_to_a_model_is_a_new_version_not_a_change()
    {
        // Every version differs from the one before it; otherwise it would not need to exist.
        foreach (var model in Catalog.Models)
        {
            for (var i = 1; i < model.Versions.Length; i++)
            {
                var (a, b) = (model.Versions[i - 1], model.Versions[i]);
                var same = a.Features == b.Features && a.Nested == b.Nested && a with { Number = b.Number, Features = b.Features, Nested = b.Nested } == b;
                Assert.That(same, Is.False, $"{b.Name} equals {a.Name}");
            }
        }
    }

    [Test]
    public void Old_machine_types_change_the_unversioned_cpu_only()
    {
        // pc-i440fx-3.1 turns mpx on for the unversioned Skylake-Server (its compatibility rule names that CPU type).
        var mt = Machine("pc-i440fx-3.1");
        var mpx = Catalog.FeatureNames.FindQemu("mpx")!.Index;
        Assert.That(Catalog.Expand("Skylake-Server", mt)!.Features.Contains(mpx), Is.True);
        Assert.That(Catalog.Expand("Skylake-Server-v1", mt)!.Features.Contains(mpx), Is.False);
        Assert.That(Catalog.Expand("Skylake-Server", Machine("pc-i440fx-7.2"))!.Features.Contains(mpx), Is.False);
    }

    [Test]
    public void Accelerator_defaults_are_kept_apart_from_the_models()
    {
        var tcg = Catalog.Accelerators.Single(a => a.Name == "tcg");
        var kvm = Catalog.Accelerators.Single(a => a.Name == "kvm");
        Assert.That(tcg.Probed, Is.True);
        Assert.That(kvm.Probed, Is.False);
        var pc = Machine("pc");
        var kvmclock = Catalog.FeatureNames.FindQemu("kvmclock")!.Index;
        var plain = Catalog.Expand("Haswell", pc)!;
        var withKvm = Catalog.Expand("Haswell", pc, kvm)!;
        Assert.That(plain.Features.Contains(kvmclock), Is.False);
        Assert.That(withKvm.Features.Contains(kvmclock), Is.True);
        Assert.That(Catalog.Expand("Haswell", pc, tcg)!.Features, Is.EqualTo(plain.Features), "the probed accelerator's defaults are already in the models");
    }

    [Test]
    public void Tcg_offers_arch_capabilities_bits_from_qemu_10_0_on()
    {
        static QemuCatalog Release(int major, int minor) => EmbeddedCatalog.For((ulong)major * 1_000_000 + (ulong)minor * 1_000);
        string[] Offers(int major, int minor) => [.. Release(major, minor).Accelerators.Single(a => a.Name == "tcg").Offers];
        Assert.That(Offers(7, 2), Is.Empty, "QEMU 7.2's TCG supports no IA32_ARCH_CAPABILITIES bit");
        Assert.That(Offers(10, 0), Does.Contain("rdctl-no").And.Contain("mds-no").And.Contain("taa-no").And.Not.Contain("arch-capabilities"));
        Assert.That(Offers(11, 1), Does.Contain("bhi-no").And.Not.Contain("its-no"), "QEMU 11.1's TCG refuses its-no");
        Assert.That(Release(10, 0).Accelerators.Single(a => a.Name == "kvm").Offers, Is.Empty, "the generator did not run under KVM");
    }

    [Test]
    public void A_malformed_catalog_is_reported_with_its_position()
    {
        const string xml = "<cpuCatalog xmlns='urn:domaincpu:cpu-catalog:2' format='2' accel='tcg'>\n<vendors/>\n<features>\n<feature name='a'/>\n</features>\n" +
            "<releases><release qemu='7.2.0' libvirt='9.0' vendors='' libvirt-features='a'/></releases>\n<qemu version='7.2.0'>\n<models>\n" +
            "<model name='m'><version number='1' vendor='GenuineIntel' family='6' model='1' stepping='1' model-id='x' level='0x1' xlevel='0x1' min-level='0x1' min-xlevel='0x1' features='a b'/></model>\n" +
            "</models></qemu></cpuCatalog>";
        var ex = Assert.Throws<DomainCpuException>(() => QemuCatalogReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "bad.xml"))!;
        Assert.That(ex.Diagnostic.ToString(), Does.StartWith("bad.xml:9:").And.Contain("unknown feature b"));
    }

    [Test]
    public void A_release_the_file_does_not_hold_is_an_error()
    {
        using var stream = typeof(EmbeddedCatalog).Assembly.GetManifestResourceStream(EmbeddedCatalog.ResourceName)!;
        var ex = Assert.Throws<DomainCpuException>(() => QemuCatalogReader.Read(stream, "cpu-catalog.xml", "8.2"))!;
        Assert.That(ex.Diagnostic.Message, Does.Contain("no QEMU 8.2"));
    }
}

/// <summary>The releases the embedded catalog holds (QEMU 7.2, 10.0, 11.1): which one answers for a QEMU version, what
/// each one has that the others lack, and the one feature table they share.</summary>
[TestFixture]
public sealed class QemuCatalogReleaseTests
{
    private static QemuCatalog Release(int major, int minor) => EmbeddedCatalog.For((ulong)major * 1_000_000 + (ulong)minor * 1_000);

    [Test]
    public void The_embedded_releases_are_qemu_7_2_10_0_and_11_1()
    {
        Assert.That(EmbeddedCatalog.Versions, Is.EqualTo(new ulong[] { 7_002_000, 10_000_000, 11_001_000 }));
        Assert.That(EmbeddedCatalog.QemuVersions.Select(v => string.Join('.', v.Split('.').Take(2))), Is.EqualTo(new[] { "7.2", "10.0", "11.1" }));
        Assert.That(EmbeddedCatalog.Qemu, Is.SameAs(Release(7, 2)));
    }

    [TestCase(7, 2, 22, "7.2")]
    [TestCase(6, 2, 0, "7.2")]
    [TestCase(9, 2, 0, "7.2")]
    [TestCase(10, 0, 13, "10.0")]
    [TestCase(10, 2, 0, "10.0")]
    [TestCase(11, 1, 3, "11.1")]
    [TestCase(12, 0, 0, "11.1")]
    public void A_qemu_version_gets_its_release_else_the_newest_before_it_else_the_oldest(int major, int minor, int micro, string expected)
    {
        var catalog = EmbeddedCatalog.For((ulong)major * 1_000_000 + (ulong)minor * 1_000 + (ulong)micro);
        Assert.That(catalog.QemuVersion, Does.StartWith(expected + "."));
    }

    [Test]
    public void Each_release_is_read_once_for_all_threads()
    {
        var seen = new QemuCatalog[16];
        Parallel.For(0, seen.Length, i => seen[i] = Release(10, 0));
        Assert.That(seen.Distinct().Count(), Is.EqualTo(1));
        Assert.That(seen[0], Is.Not.SameAs(Release(11, 1)));
    }

    [Test]
    public void Newer_releases_have_the_newer_models_and_machine_types()
    {
        var (q72, q100, q111) = (Release(7, 2), Release(10, 0), Release(11, 1));
        Assert.Multiple(() =>
        {
            Assert.That(q72.FindModel("EPYC-Genoa"), Is.Null);
            Assert.That(q100.FindModel("EPYC-Genoa")!.Versions, Has.Length.EqualTo(1));
            Assert.That(q111.FindModel("EPYC-Genoa")!.Versions, Has.Length.EqualTo(3));
            Assert.That(q100.FindModel("EPYC-Turin"), Is.Null);
            Assert.That(q111.FindModel("EPYC-Turin"), Is.Not.Null);
            Assert.That(q72.FindMachine("pc-q35-10.0"), Is.Null);
            Assert.That(q100.FindMachine("q35")!.Name, Is.EqualTo("pc-q35-10.0"));
            Assert.That(q111.FindMachine("q35")!.Name, Is.EqualTo("pc-q35-11.1"));
            Assert.That(q111.FindMachine("pc-i440fx-2.4"), Is.Null, "QEMU 11.1 dropped the machine types before 5.2");
            Assert.That(q111.FindMachine("isapc")!.CpuVersion, Is.EqualTo(QemuCpuVersionPolicy.Legacy));
            // Old versions are immutable: Haswell-v4 is the same CPU in every release.
            var h72 = q72.FindModel("Haswell")!.Version(4)!;
            var h111 = q111.FindModel("Haswell")!.Version(4)!;
            Assert.That(q111.FeaturesOf(h111.Features).Select(f => f.QemuName), Is.EquivalentTo(q72.FeaturesOf(h72.Features).Select(f => f.QemuName)));
            Assert.That(Release(11, 1).Resolve("EPYC", q111.FindMachine("microvm")!)!.Version.Name, Is.EqualTo("EPYC-v5"));
        });
    }

    [Test]
    public void Machine_types_carry_what_query_machines_says()
    {
        var q35 = Release(10, 0).FindMachine("pc-q35-10.0")!;
        Assert.That((q35.MaxCpus, q35.DefaultCpuType, q35.DefaultRamId, q35.Deprecated), Is.EqualTo((4096, "qemu64-x86_64-cpu", "pc.ram", false)));
        var old = Release(7, 2).FindMachine("pc-q35-2.7")!;
        Assert.That(old.MaxCpus, Is.EqualTo(255));
        Assert.That(Release(7, 2).FindMachine("isapc")!.DefaultCpuType, Is.EqualTo("486-x86_64-cpu"));
        Assert.That(Release(11, 1).FindMachine("pc-i440fx-8.1")!.Deprecated, Is.True);
        Assert.That(Release(11, 1).FindMachine("pc-i440fx-8.2")!.Deprecated, Is.False);
    }

    [Test]
    public void Each_release_names_and_places_features_as_its_libvirt_does()
    {
        var (q72, q100, q111) = (Release(7, 2), Release(10, 0), Release(11, 1));
        Assert.That((q72.LibvirtRelease, q100.LibvirtRelease, q111.LibvirtRelease), Is.EqualTo(("9.0", "11.3", "12.8")));
        // libvirt 9.0 lists leaf 1's edx before its ecx; 11.3 and 12.8 the other way round.
        Assert.That(q72.Features[0].Name, Is.EqualTo("fpu"));
        Assert.That(q100.Features[0].Name, Is.EqualTo("pni"));
        // QEMU 7.2 has no sha512; QEMU 10.0 has it and libvirt 11.3 names it.
        Assert.That(q72.FeatureNames.Find("sha512"), Is.Null);
        Assert.That(q100.FeatureNames.Find("sha512") is { InLibvirt: true, Bit: not null });
        // QEMU 7.2 has the vmx-* features, libvirt 9.0 does not: no libvirt name and no bit in 7.2's view.
        Assert.That(q72.FeatureNames.Find("vmx-ept") is { InLibvirt: false, Bit: null });
        // libvirt 11.3 put the VMX control bits in the MSR's low half, 12.8 in the high half.
        Assert.That(q100.FeatureNames.Find("vmx-apicv-xapic")!.Bit.ToString(), Is.EqualTo("MSR 0x48b[0]"));
        Assert.That(q111.FeatureNames.Find("vmx-apicv-xapic")!.Bit.ToString(), Is.EqualTo("MSR 0x48b[32]"));
        // libvirt 12.8 names the Zhaoxin vendor; 11.3 does not, so QEMU 10.0's YongFeng keeps the CPUID string.
        Assert.That(q100.FindModel("YongFeng")!.Vendor, Is.EqualTo("CentaurHauls"));
        Assert.That(q111.FindModel("YongFeng")!.Vendor, Is.EqualTo("Zhaoxin CentaurHauls"));
    }
}

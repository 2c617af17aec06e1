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
    public void A_malformed_catalog_is_reported_with_its_position()
    {
        const string xml = "<cpuCatalog xmlns='urn:domaincpu:cpu-catalog:1' format='1' qemu='7.2' accel='tcg'>\n<features>\n<feature name='a'/>\n</features>\n<models>\n<model name='m' vendor='Intel'><version number='1' vendor='GenuineIntel' family='6' model='1' stepping='1' model-id='x' level='0x1' xlevel='0x1' min-level='0x1' min-xlevel='0x1' features='a b'/></model>\n</models></cpuCatalog>";
        var ex = Assert.Throws<DomainCpuException>(() => QemuCatalogReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "bad.xml"))!;
        Assert.That(ex.Diagnostic.ToString(), Does.StartWith("bad.xml:6:").And.Contain("unknown feature b"));
    }
}

using DomainCpu.Catalog;
using NUnit.Framework;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.Tests;

/// <summary>The one resolver between libvirt, QEMU and Linux feature spellings, over the embedded catalog's data.</summary>
[TestFixture]
public sealed class FeatureNameResolverTests
{
    private static FeatureNameResolver Names => EmbeddedCatalog.Qemu.FeatureNames;

    [TestCase("lahf_lm", "lahf_lm", "lahf-lm")]
    [TestCase("lahf-lm", "lahf_lm", "lahf-lm")]
    [TestCase("pclmuldq", "pclmuldq", "pclmulqdq")]
    [TestCase("pclmulqdq", "pclmuldq", "pclmulqdq")]
    [TestCase("sse4.1", "sse4.1", "sse4.1")]
    [TestCase("sse4_1", "sse4.1", "sse4.1")]
    [TestCase("sse4-1", "sse4.1", "sse4.1")]
    [TestCase("sse4-2", "sse4.2", "sse4.2")]
    [TestCase("tsc_adjust", "tsc_adjust", "tsc-adjust")]
    [TestCase("tsc-adjust", "tsc_adjust", "tsc-adjust")]
    [TestCase("sse3", "pni", "pni")]
    [TestCase("xd", "nx", "nx")]
    [TestCase("i64", "lm", "lm")]
    [TestCase("ds_cpl", "ds_cpl", "ds-cpl")]
    [TestCase("nrip_save", "nrip-save", "nrip-save")]
    [TestCase("kvm_pv_unhalt", "kvm-pv-unhalt", "kvm-pv-unhalt")]
    [TestCase("cqm", "cmt", null)]
    [TestCase("md_clear", "md-clear", "md-clear")]
    [TestCase("arch_capabilities", "arch-capabilities", "arch-capabilities")]
    public void Every_spelling_finds_the_same_feature(string spelling, string libvirt, string? qemu)
    {
        Assert.That(Names.ToLibvirt(spelling), Is.EqualTo(libvirt));
        Assert.That(Names.ToQemu(spelling), Is.EqualTo(qemu));
    }

    [Test]
    public void Unknown_spellings_are_null()
    {
        Assert.That(Names.Find("no-such-feature"), Is.Null);
        Assert.That(Names.FindQemu("cqm"), Is.Null, "a Linux name is not a QEMU property");
    }

    [Test]
    public void Features_QEMU_has_no_property_for_have_no_QEMU_name()
    {
        Assert.That(Names.Find("osxsave"), Is.Not.Null);
        Assert.That(Names.ToQemu("osxsave"), Is.Null);
    }

    [Test]
    public void Every_spelling_in_the_catalog_resolves_back_to_its_feature()
    {
        foreach (var f in EmbeddedCatalog.Qemu.Features)
        {
            var spellings = new[] { f.Name }.Concat(f.QemuAliases).Concat(f.LinuxAliases);
            if (f.QemuName is not null) spellings = spellings.Append(f.QemuName);
            foreach (var s in spellings) Assert.That(Names.Find(s), Is.SameAs(f), $"{s} of {f.Name}");
            foreach (var q in f.QemuAliases) Assert.That(Names.FindQemu(q), Is.SameAs(f), $"QEMU alias {q} of {f.Name}");
        }
    }

    [Test]
    public void Every_feature_libvirt_knows_has_its_CPUID_or_MSR_bit()
    {
        var c = EmbeddedCatalog.Qemu;
        Assert.That(c.Features.Where(f => f.InLibvirt && f.Bit is null).Select(f => f.Name), Is.Empty);
        Assert.That(c.FeatureNames.Find("tsc_adjust")!.Bit.ToString(), Is.EqualTo("CPUID 0x7.0 ebx[1]"));
        Assert.That(c.FeatureNames.Find("rdctl-no")!.Bit.ToString(), Is.EqualTo("MSR 0x10a[0]"));
    }
}

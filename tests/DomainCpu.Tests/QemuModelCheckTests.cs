using DomainCpu.Catalog;
using NUnit.Framework;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.Tests;

/// <summary>Whether QEMU can run a model on a host under KVM (<see cref="QemuModelCheck"/>): the model's KVM expansion
/// must be a subset of what the host offers; blockers are named as QEMU names them.</summary>
[TestFixture]
public sealed class QemuModelCheckTests
{
    private static QemuCatalog Catalog => EmbeddedCatalog.Qemu;

    private static QemuAccelerator Kvm => Catalog.Accelerators.Single(a => a.Name == "kvm");

    private static QemuExpansion KvmExpansion(string name) => Catalog.Expand(name, Catalog.DefaultMachine, Kvm)!;

    /// <summary>A host offering exactly the features of a model's expansion, less some.</summary>
    private static X86Data HostWith(QemuExpansion e, params string[] without) =>
        Catalog.FeaturesOf(e.Features)
            .Where(f => f.Bit is not null && !without.Contains(f.QemuName))
            .Aggregate(X86Data.Empty, (d, f) => d.Union(QemuCatalogAdapter.DataOf(f.Bit!.Value)));

    [Test]
    public void A_host_with_every_feature_of_the_model_runs_it()
    {
        var e = KvmExpansion("Haswell");
        Assert.That(QemuModelCheck.Unavailable(Catalog, e, QemuHostOffer.FromFeatures(HostWith(e))), Is.Empty);
    }

    [Test]
    public void A_missing_feature_makes_the_model_unusable_and_is_named_in_qemu_spelling()
    {
        var e = KvmExpansion("Haswell");
        var host = QemuHostOffer.FromFeatures(HostWith(e, "avx2", "pclmulqdq"));
        // QEMU's order: leaf 1 ecx (pclmulqdq, libvirt's pclmuldq) before leaf 7 ebx (avx2).
        Assert.That(QemuModelCheck.Unavailable(Catalog, e, host), Is.EqualTo(new[] { "pclmulqdq", "avx2" }));
    }

    [Test]
    public void An_amd_host_offers_kvms_emulated_arch_capabilities_bits()
    {
        var e = KvmExpansion("Cascadelake-Server-v2");
        var lacking = HostWith(e, "arch-capabilities", "rdctl-no", "skip-l1dfl-vmentry", "mds-no", "ibrs-all");
        Assert.That(QemuModelCheck.Unavailable(Catalog, e, QemuHostOffer.FromFeatures(lacking, "AMD", Catalog)), Is.EqualTo(new[] { "ibrs-all" }));
        Assert.That(QemuModelCheck.Unavailable(Catalog, e, QemuHostOffer.FromFeatures(lacking, "Intel", Catalog)),
            Is.EquivalentTo(new[] { "arch-capabilities", "rdctl-no", "ibrs-all", "skip-l1dfl-vmentry", "mds-no" }));
    }

    [Test]
    public void Features_kvm_emulates_need_no_host_bit()
    {
        var e = KvmExpansion("Haswell");
        var host = QemuHostOffer.FromFeatures(HostWith(e, "x2apic", "tsc-deadline", "hypervisor", "arat"));
        Assert.That(QemuModelCheck.Unavailable(Catalog, e, host), Is.Empty);
    }

    [Test]
    public void Kvm_turns_svm_off_and_with_it_every_svm_feature()
    {
        var tcg = Catalog.Expand("EPYC", Catalog.DefaultMachine)!;
        var kvm = KvmExpansion("EPYC");
        var npt = Catalog.FeatureNames.FindQemu("npt")!;
        Assert.That(tcg.Features.Contains(npt.Index), Is.True, "EPYC has npt under TCG");
        Assert.That(kvm.Features.Contains(npt.Index), Is.False, "svm=off clears the SVM leaf");
        var host = QemuHostOffer.FromFeatures(HostWith(tcg, "svm", "npt", "nrip-save"));
        Assert.That(QemuModelCheck.Unavailable(Catalog, kvm, host), Is.Empty);
    }

    [Test]
    public void A_feature_whose_xsave_component_the_host_lacks_is_listed_again()
    {
        var e = KvmExpansion("Cascadelake-Server");
        var data = HostWith(e);
        // XCR0 with x87, SSE, AVX and the AVX-512 states, but no PKRU (bit 9).
        var host = new QemuHostOffer(QemuHostOffer.FromFeatures(data).Data, 0xe7);
        Assert.That(QemuModelCheck.Unavailable(Catalog, e, host), Is.EqualTo(new[] { "pku" }));
    }
}

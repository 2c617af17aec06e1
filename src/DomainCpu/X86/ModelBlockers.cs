using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Targets;

namespace DomainCpu.X86;

/// <summary>
/// The features that keep a CPU model off a host, for domain capabilities that mark a model not usable without
/// naming them (libvirt lists them in <c>&lt;blockers&gt;</c> only since 10.9). libvirt's list is QEMU's
/// <c>unavailable-features</c> in libvirt's names, sorted; so they are computed as QEMU under KVM would
/// (<see cref="QemuModelCheck"/> on the model expanded with KVM's defaults, which turn off svm, acpi, monitor, …)
/// against the host CPU. A model the target's QEMU release does not know falls back to the model's features the host
/// does not provide, as <see cref="Comparer"/> finds them for <c>&lt;model&gt;M&lt;/model&gt;</c> alone.
/// </summary>
internal static class ModelBlockers
{
    /// <summary>The blocking features, by libvirt name in ordinal order; empty when the host is unknown, or neither
    /// catalog can describe the model or the host (the refusal then names none, as before).</summary>
    /// <param name="target">The target: its QEMU catalog, and its CPU models the host CPU is written in.</param>
    /// <param name="virtType">The domain's type: <c>qemu</c> checks the model under TCG, any other under KVM.</param>
    /// <param name="machine">The domain's machine type (or alias); null or unknown means QEMU's default.</param>
    /// <param name="model">The CPU model as domain capabilities name it.</param>
    /// <param name="host">The host CPU.</param>
    public static ImmutableArray<string> Of(Target target, string? virtType, string? machine, string model, CpuDefinition? host)
    {
        if (host is null) return [];
        try
        {
            if (ByQemu(target, virtType == "qemu", machine, model, host) is { } byQemu) return byQemu;
            if (target.Models.FindModel(model) is null) return [];
            var alone = new CpuDefinition { Type = CpuType.Guest, Mode = CpuMode.Custom, Match = CpuMatch.Exact, Model = new CpuModelName(model) };
            return Comparer.Compare(target.Models, host, alone).Missing;
        }
        catch (DomainCpuException)
        {
            return [];
        }
    }

    private static ImmutableArray<string>? ByQemu(Target target, bool tcg, string? machine, string model, CpuDefinition host)
    {
        var qemu = target.Qemu;
        var mt = (machine is null ? null : qemu.FindMachine(machine)) ?? qemu.DefaultMachine;
        var accelerator = qemu.Accelerator(tcg ? "tcg" : "kvm");
        if (qemu.Expand(model, mt, accelerator) is not { } expansion) return null;
        var data = X86ModelData.All(target.Models, host).Data;
        // TCG offers what it emulates: what the host CPU (TCG's own, for a qemu domain) says, and the MSR bits it
        // supports but never shows there.
        var offer = tcg ? QemuHostOffer.UnderTcg(data, accelerator, qemu) : QemuHostOffer.FromFeatures(data, host.Vendor, qemu);
        return QemuModelCheck.Unavailable(qemu, expansion, offer)
            .Select(name => qemu.FeatureNames.FindQemu(name)?.Name ?? name)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
    }
}

using DomainCpu.Diagnostics;
using DomainCpu.Model;

namespace DomainCpu.Start;

/// <summary>
/// The verdicts of a start (SPEC §5.1 step 3f) taken from libvirt's own answers in domain and host capabilities, for a
/// start without libvirt's record of the QEMU binary (<see cref="StartContext.GoesByCapabilities"/>): whether the
/// hypervisor's model is usable here, and what the host-model CPU disables. libvirt computed them from QEMU's view of
/// the host, so they stand where computing them again from host capabilities' CPUID view could answer otherwise.
/// </summary>
internal static class ByCapabilities
{
    /// <summary>A model domain capabilities mark not usable is refused unless check is none, naming the features that
    /// block it (domain capabilities' own list, else <see cref="X86.ModelBlockers"/>); a required feature the
    /// host-model CPU disables is missing (with check='partial' or 'full').</summary>
    public static void Check(CpuDefinition cpu, StartHost host)
    {
        if (cpu.Mode == CpuMode.Custom && cpu.Match != CpuMatch.Minimum && cpu.Check != CpuCheck.None &&
            host.DomainCapabilities?.Custom.Models.FirstOrDefault(m => m.Name == cpu.ModelName) is { Usable: ModelUsability.No } offered)
        {
            // libvirt 9.0's domain capabilities do not name the blockers; then they are computed from the target's models.
            var blockers = offered.Blockers.IsEmpty ? X86.ModelBlockers.Of(host.Target, host.Domain.VirtType, host.Domain.Machine, offered.Name, host.Full) : offered.Blockers;
            throw new DomainCpuException(Diagnoses.ModelNotUsable(offered.Name, blockers));
        }
        if (cpu.Check is not (CpuCheck.Partial or CpuCheck.Full) || host.Migratable is not { } hostModel) return;
        var absent = hostModel.Features.Where(f => f.Policy is FeaturePolicy.Disable or FeaturePolicy.Forbid).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var missing = cpu.Features.Where(f => f.Policy == FeaturePolicy.Require && absent.Contains(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            throw new DomainCpuException(Diagnoses.IncompatibleWithHost($"Host CPU does not provide required features: {string.Join(", ", missing)}"));
        }
    }
}

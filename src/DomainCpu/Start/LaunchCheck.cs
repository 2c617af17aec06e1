using DomainCpu.Diagnostics;

namespace DomainCpu.Start;

/// <summary>
/// libvirt's refusals of a real start that come from the host and not from the domain's CPU: numad's advice while the
/// domain is prepared (<c>qemuProcessPrepareDomainNUMAPlacement</c>; <c>virsh domxml-to-native</c> never asks it), and,
/// once QEMU runs, the scheduler quotas and CPU pins of its threads (<c>qemuProcessSetupPid</c>). A fact the context does
/// not know is not checked.
/// </summary>
internal static class LaunchCheck
{
    /// <summary>Throws libvirt's reason when the domain is placed automatically and numad gives no advice.</summary>
    /// <exception cref="DomainCpuException">numad gives no advice.</exception>
    public static void Placement(ArgvDomain domain, StartContext context)
    {
        if (domain.Tuning is { NeedsPlacementAdvice: true } && context.HostMemory is { NumadAdvice: false })
        {
            throw domain.Error("vcpu", Diagnoses.NumadQueryFailure());
        }
    }

    /// <summary>Throws libvirt's reason for the first thread setup step the host cannot do: a period or quota without the
    /// cgroup cpu controller, or a pin to CPUs none of which is online (the kernel refuses the affinity).</summary>
    /// <exception cref="DomainCpuException">The host cannot tune a thread as the domain asks.</exception>
    public static void Threads(ArgvDomain domain, StartContext context)
    {
        foreach (var step in domain.Tuning?.Steps ?? [])
        {
            if (step.IsQuota)
            {
                if (context.CgroupControllers is { } controllers && !controllers.Contains("cpu")) throw domain.Error("cputune", Diagnoses.CgroupCpuNeeded());
            }
            else if (context.HostCpus is { } online && !step.Cpus!.Overlaps(online))
            {
                throw domain.Error("cputune", Diagnoses.CpuAffinityRefused(step.Thread, step.Set!));
            }
        }
    }
}

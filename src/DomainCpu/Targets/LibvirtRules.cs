namespace DomainCpu.Targets;

/// <summary>Every behaviour that differs between the libvirt releases DomainCpu reproduces, each with the release that
/// introduced it. The one place where libvirt's history is written down: a profile is a version plus the rules it
/// has (<see cref="LibvirtProfile"/>).</summary>
public static class LibvirtRules
{
    /// <summary><c>&lt;topology clusters='N'&gt;</c>: parsed, counted in the vCPU arithmetic, written as
    /// <c>clusters='1'</c> when absent, and passed to <c>-smp</c>.</summary>
    public static readonly LibvirtRule ClustersInTopology =
        new("ClustersInTopology", new(10, 1), "<topology> takes clusters, counted in the vCPU total and passed to -smp");

    /// <summary>libvirt's CPU map has QEMU's versioned x86 model names (<c>Haswell-v1</c>), so a domain may name them;
    /// before, libvirt refuses such a guest as an unknown model.</summary>
    public static readonly LibvirtRule VersionedModelNames =
        new("VersionedModelNames", new(10, 10), "QEMU's versioned CPU model names (Haswell-v1) are models of libvirt's CPU map");

    /// <summary>Every rule, oldest first.</summary>
    public static IReadOnlyList<LibvirtRule> All { get; } = [ClustersInTopology, VersionedModelNames];
}

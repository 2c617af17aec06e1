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

    /// <summary>Every rule, oldest first.</summary>
    public static IReadOnlyList<LibvirtRule> All { get; } = [ClustersInTopology];
}

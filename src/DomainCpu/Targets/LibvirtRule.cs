namespace DomainCpu.Targets;

/// <summary>One behaviour libvirt gained in a release: a grammar addition, a define-time default, a command-line
/// change. Profiles hold rules; code asks a profile for a rule by name (<see cref="LibvirtProfile.Has"/>) instead of
/// comparing versions.</summary>
/// <param name="Name">The rule's name, as code and messages use it (<c>ClustersInTopology</c>).</param>
/// <param name="Since">The first libvirt release with the behaviour.</param>
/// <param name="Summary">What changes, in one sentence.</param>
public sealed record LibvirtRule(string Name, ReleaseVersion Since, string Summary)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} (libvirt {Since})";
}

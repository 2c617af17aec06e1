namespace DomainCpu.Model;

/// <summary>A <c>&lt;feature&gt;</c> of a CPU.</summary>
/// <param name="Name">The feature name as written (libvirt spelling, not normalised).</param>
/// <param name="Policy">The policy of a guest feature; null for a host feature.</param>
public sealed record CpuFeature(string Name, FeaturePolicy? Policy = FeaturePolicy.Require);

namespace DomainCpu.Model;

/// <summary>The <c>&lt;signature&gt;</c> of a host CPU: CPUID family, model and stepping.</summary>
/// <param name="Family">The family (non-zero).</param>
/// <param name="Model">The model.</param>
/// <param name="Stepping">The stepping.</param>
public sealed record CpuSignature(uint Family, uint Model, uint Stepping);

/// <summary>The <c>&lt;counter&gt;</c> of a host CPU (the invariant TSC).</summary>
/// <param name="Name">The counter name, <c>tsc</c>.</param>
/// <param name="Frequency">Its frequency in Hz.</param>
/// <param name="Scaling">Whether the frequency can be scaled; null when unknown.</param>
public sealed record CpuCounter(string Name, ulong Frequency, bool? Scaling);

namespace DomainCpu.Catalog;

/// <summary>A CPU feature of the catalog.</summary>
/// <param name="Name">The libvirt name (<c>sse4.2</c>, <c>tsc-deadline</c>, …).</param>
/// <param name="Index">The position in catalog order ("map order": every generated feature list follows it).</param>
/// <param name="Data">The CPUID/MSR bits that make the feature.</param>
/// <param name="Migratable">False for features a migratable CPU must not have (<c>invtsc</c>, <c>xsaves</c>).</param>
internal sealed record FeatureInfo(string Name, int Index, X86Data Data, bool Migratable);

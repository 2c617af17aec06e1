using System.Collections.Immutable;
using DomainCpu.Model;

namespace DomainCpu.Start;

/// <summary>
/// A host-model or <c>match='minimum'</c> guest CPU rewritten as the host's model (SPEC §7.5,
/// <c>x86UpdateHostModel</c>): the host's model and features in the host's order, each guest feature
/// replacing the policy of the host feature of that name in place or appended, mode custom, match exact.
/// The guest's vendor_id, topology, cache, maxphysaddr, NUMA and check stay.
/// </summary>
public static class HostModelExpansion
{
    /// <summary>Applies the host-model CPU to the guest.</summary>
    /// <param name="guest">The configured guest CPU (host-model, or custom with match minimum).</param>
    /// <param name="hostModel">The migratable host-model CPU (custom, features with policies).</param>
    public static CpuDefinition Apply(CpuDefinition guest, CpuDefinition hostModel)
    {
        var features = hostModel.Features.Select(f => f with { Policy = f.Policy ?? FeaturePolicy.Require }).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++) index[features[i].Name] = i;
        foreach (var f in guest.Features)
        {
            if (index.TryGetValue(f.Name, out var i))
            {
                features[i] = f;
            }
            else
            {
                index[f.Name] = features.Count;
                features.Add(f);
            }
        }
        var keepGuestVendor = guest.Mode == CpuMode.Custom;
        return guest with
        {
            Mode = CpuMode.Custom,
            Match = CpuMatch.Exact,
            Model = new CpuModelName(hostModel.ModelName, guest.Model?.Fallback ?? hostModel.Model?.Fallback, guest.Model?.VendorId),
            Vendor = keepGuestVendor ? guest.Vendor : hostModel.Vendor,
            Features = features.ToImmutableArray(),
        };
    }
}

using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Catalog;
using DomainCpu.Diagnostics;

namespace DomainCpu.X86;

/// <summary>
/// Resolves a guest CPU against the host before start (libvirt's CPU update, SPEC §7.5): optional features
/// become require/disable by what the host has; host-model and match='minimum' take the host's model and
/// features; removed model features are listed as disabled.
/// </summary>
internal static class X86Update
{
    /// <summary>Updates <paramref name="guest"/> against <paramref name="host"/> (the migratable host CPU).</summary>
    /// <exception cref="DomainCpuException">No host CPU when one is needed, or unknown model/feature.</exception>
    public static CpuDefinition Update(CpuCatalog catalog, CpuDefinition guest, CpuDefinition? host)
    {
        if (guest.Mode is CpuMode.HostPassthrough or CpuMode.Maximum) return guest;
        var relative = guest.Mode == CpuMode.HostModel || guest.Match == CpuMatch.Minimum ||
                       guest.Features.Any(f => f.Policy == FeaturePolicy.Optional);
        if (relative)
        {
            if (host is null) throw new DomainCpuException(Diagnoses.HostModelUnknown());
            var hostData = X86ModelData.All(catalog, host).Data;
            guest = guest with
            {
                Features = guest.Features.Select(f => f.Policy != FeaturePolicy.Optional ? f
                    : f with { Policy = HasFeature(catalog, hostData, f.Name) ? FeaturePolicy.Require : FeaturePolicy.Disable }).ToImmutableArray(),
            };
            if (guest.Mode == CpuMode.HostModel || guest.Match == CpuMatch.Minimum) guest = TakeHostModel(guest, host);
        }
        if (guest.ModelName is not { } name) return guest;
        var model = catalog.FindModel(name) ?? throw new DomainCpuException(Diagnoses.UnknownModel(name));
        return CpuFeatureEdits.DisableRemoved(guest, model);
    }

    /// <summary>Whether data holds a feature.</summary>
    /// <exception cref="DomainCpuException">Unknown feature.</exception>
    public static bool HasFeature(CpuCatalog catalog, X86Data data, string feature)
    {
        var f = catalog.FindFeature(feature) ?? throw new DomainCpuException(Diagnoses.UnknownFeature(feature));
        return data.Contains(f.Data);
    }

    internal static CpuDefinition TakeHostModel(CpuDefinition guest, CpuDefinition host)
    {
        var updated = new CpuDefinition
        {
            Type = CpuType.Guest,
            Features = host.Features.Select(f => f.Policy is null ? f with { Policy = FeaturePolicy.Require } : f).ToImmutableArray(),
        };
        foreach (var f in guest.Features) updated = CpuFeatureEdits.Update(updated, f.Name, f.Policy);
        var keepVendor = guest.Mode == CpuMode.Custom;
        var vendorId = guest.Model?.VendorId ?? (keepVendor ? null : host.Model?.VendorId);
        return guest with
        {
            Mode = CpuMode.Custom,
            Match = CpuMatch.Exact,
            Model = new CpuModelName(host.ModelName, guest.Model?.Fallback, vendorId),
            Vendor = keepVendor ? guest.Vendor : host.Vendor,
            Features = updated.Features,
        };
    }
}

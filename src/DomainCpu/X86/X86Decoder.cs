using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Catalog;
using DomainCpu.Diagnostics;

namespace DomainCpu.X86;

/// <summary>What to decode CPU data into, and with which restrictions (SPEC §7.3).</summary>
/// <param name="Type">Host (a superset of the model is required; features without policy) or guest.</param>
/// <param name="AllowedModels">The hypervisor's models (null = every catalog model).</param>
/// <param name="Preferred">Model names to prefer (one name: take it whenever it is met).</param>
/// <param name="Migratable">Drop features that are not migratable from the result.</param>
/// <param name="Fallback">Whether a preferred model the hypervisor lacks may be replaced (else an error).</param>
internal sealed record DecodeRequest(
    CpuType Type,
    IReadOnlyList<AllowedModel>? AllowedModels = null,
    IReadOnlyList<string>? Preferred = null,
    bool Migratable = false,
    CpuFallback Fallback = CpuFallback.Allow);

/// <summary>
/// Chooses the catalog model that describes CPU data best and lists the features beyond it (libvirt's x86
/// decode, bit for bit: newest model first, signature matches preferred, then the smallest feature list with
/// disabled features penalised — including libvirt's shrinking-bound quirk when counting them).
/// </summary>
internal static class X86Decoder
{
    private const int BasePenalty = 2;

    /// <summary>Decodes data into a CPU: model, vendor, features and signature.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="data">The CPUID/MSR data.</param>
    /// <param name="request">Type and restrictions.</param>
    /// <returns>A CPU of <see cref="DecodeRequest.Type"/> with model name, vendor (when the data names one),
    /// features (guest: <c>require</c>/<c>disable</c>; host: no policy) and signature (when leaf 1 has one).</returns>
    /// <exception cref="DomainCpuException">No model fits, or a preferred model is not allowed and fallback is forbidden.</exception>
    public static CpuDefinition Decode(CpuCatalog catalog, X86Data data, DecodeRequest request)
    {
        var vendor = catalog.VendorOf(data);
        if (vendor is not null) data = data.Except(vendor.Data);
        var signature = data.Get(X86Key.Cpuid(1)).Eax & 0x0fff3fff;
        data = FilterTsx(catalog, data, vendor);
        // Only feature bits decide the features of a candidate, so keys outside the catalog's layout can go.
        var dense = catalog.Bits.Layout.Dense(data);
        var scratch = new ulong[2 * dense.Length];

        var preferred = request.Preferred is { Count: > 0 } p ? p : null;
        CpuModel? best = null;
        ImmutableArray<CpuFeature> bestFeatures = default;
        for (var i = catalog.Models.Length - 1; i >= 0; i--)
        {
            var candidate = catalog.Models[i];
            AllowedModel? hv = null;
            if (request.AllowedModels is { } allowed)
            {
                hv = allowed.FirstOrDefault(m => m.Name == candidate.Name);
                if (hv is null)
                {
                    if (preferred is { Count: 1 } && preferred[0] == candidate.Name && request.Fallback != CpuFallback.Allow)
                    {
                        throw new DomainCpuException(Diagnoses.ModelUnsupported(candidate.Name));
                    }
                    continue;
                }
            }
            if (vendor is not null && candidate.Vendor is not null && candidate.Vendor != vendor) continue;
            if (request.Type == CpuType.Host && hv is null && !FitsHost(catalog, data, candidate)) continue;

            var features = CandidateFeatures(catalog, dense, candidate, hv, request.Type, scratch);
            var use = UseCandidate(best, bestFeatures, candidate, ref features, signature, preferred, request.Type);
            if (use == 0) continue;
            best = candidate;
            bestFeatures = features;
            if (use == 2) break;
        }
        if (best is null) throw new DomainCpuException(Diagnoses.NoSuitableModel());

        if (request.Migratable) bestFeatures = bestFeatures.Where(f => catalog.IsMigratable(f.Name)).ToImmutableArray();
        var (family, model, stepping) = CpuSignature.FromCpuidEax(signature);
        return new CpuDefinition
        {
            Type = request.Type,
            Model = new CpuModelName(best.Name, request.Type == CpuType.Guest ? request.Fallback : null),
            Vendor = vendor?.Name,
            Signature = family == 0 ? null : new CpuSignature(family, model, stepping),
            Features = bestFeatures,
        };
    }

    /// <summary>Whether a model can describe a host at all, checked before its feature lists are built (most models
    /// cannot, and building the lists is what decoding costs): a host model must not be marked against host decoding
    /// and must not lack a whole feature of the host's data, else <see cref="UseCandidate"/> would reject it.</summary>
    private static bool FitsHost(CpuCatalog catalog, X86Data data, CpuModel candidate)
    {
        if (!candidate.DecodeHost) return false;
        var missing = candidate.Data.Except(data);
        return missing.IsEmpty || !catalog.FeatureNamesIn(missing).Any();
    }

    /// <summary>Intel Haswell/Broadwell parts with broken TSX: their <c>hle</c> and <c>rtm</c> bits are ignored.</summary>
    private static X86Data FilterTsx(CpuCatalog catalog, X86Data data, VendorInfo? vendor)
    {
        if (vendor?.Name != "Intel") return data;
        var (family, model, stepping) = CpuSignature.FromCpuidEax(data.Get(X86Key.Cpuid(1)).Eax);
        if (family != 6 || !(model == 63 && stepping < 4 || model is 60 or 69 or 70)) return data;
        foreach (var name in new[] { "hle", "rtm" })
        {
            if (catalog.FindFeature(name) is { } f) data = data.Except(f.Data);
        }
        return data;
    }

    /// <summary>The data as the candidate model plus <c>require</c> features (in the data, not in the model) and
    /// <c>disable</c> features (in the model, not in the data; plus the hypervisor's blockers).</summary>
    private static ImmutableArray<CpuFeature> CandidateFeatures(CpuCatalog catalog, ReadOnlySpan<ulong> data, CpuModel model, AllowedModel? hv,
        CpuType type, Span<ulong> scratch)
    {
        var bits = catalog.Bits;
        var modelData = bits.Model(model);
        var extra = scratch[..data.Length];
        var missing = scratch.Slice(data.Length, data.Length);
        data.CopyTo(extra);
        X86BitLayout.AndNot(extra, modelData);
        modelData.CopyTo(missing);
        X86BitLayout.AndNot(missing, data);
        if (hv is not null)
        {
            foreach (var blocker in hv.Blockers)
            {
                if (catalog.FindFeature(blocker) is { } f && !bits.Feature(f).IsIn(extra)) bits.Feature(f).SetIn(missing);
            }
        }
        var list = ImmutableArray.CreateBuilder<CpuFeature>();
        foreach (var f in bits.TakeFeatures(extra)) list.Add(new CpuFeature(f.Name, FeaturePolicy.Require));
        foreach (var f in bits.TakeFeatures(missing)) list.Add(new CpuFeature(f.Name, FeaturePolicy.Disable));
        var features = new CpuDefinition { Type = type, Features = list.ToImmutable() };
        return type == CpuType.Guest ? CpuFeatureEdits.DisableRemoved(features, model).Features : features.Features;
    }

    /// <summary>0 = keep the current model, 1 = take the candidate, 2 = take it and stop.</summary>
    private static int UseCandidate(CpuModel? current, ImmutableArray<CpuFeature> currentFeatures, CpuModel candidate,
        ref ImmutableArray<CpuFeature> candidateFeatures, uint signature, IReadOnlyList<string>? preferred, CpuType type)
    {
        if (type == CpuType.Host ? !candidate.DecodeHost : !candidate.DecodeGuest) return 0;
        if (type == CpuType.Host)
        {
            if (candidateFeatures.Any(f => f.Policy == FeaturePolicy.Disable)) return 0;
            candidateFeatures = candidateFeatures.Select(f => f with { Policy = null }).ToImmutableArray();
        }
        var isPreferred = preferred is not null && preferred.Contains(candidate.Name);
        if (isPreferred && preferred!.Count == 1) return 2;
        if (current is null) return 1;
        if (signature != 0)
        {
            var currentMatches = current.MatchesSignature(signature);
            var candidateMatches = candidate.MatchesSignature(signature);
            if (currentMatches && !candidateMatches) return 0;
            if (!currentMatches && candidateMatches) return 1;
        }
        var (c, cd) = Weigh(candidateFeatures, type);
        var (k, kd) = Weigh(currentFeatures, type);
        if (c < k || c == k && cd < kd) return 1;
        return isPreferred && cd < kd ? 1 : 0;
    }

    /// <summary>libvirt's weight of a feature list: features count 1, disabled ones a growing penalty. The loop
    /// bound shrinks as disabled features are found, so trailing disabled features are only partly penalised;
    /// this is reproduced on purpose because it decides libvirt's model choices.</summary>
    internal static (int Weight, int Disabled) Weigh(ImmutableArray<CpuFeature> features, CpuType type)
    {
        var enabled = features.Length;
        var disabled = 0;
        if (type == CpuType.Host) return (enabled, 0);
        var penalty = BasePenalty;
        for (var i = 0; i < enabled; i++)
        {
            if (features[i].Policy != FeaturePolicy.Disable) continue;
            enabled--;
            disabled += penalty;
            penalty++;
        }
        return (enabled + disabled, disabled);
    }
}

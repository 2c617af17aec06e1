using DomainCpu.Model;
using System.Collections.Immutable;

namespace DomainCpu.Catalog;

/// <summary>A CPU model of the catalog.</summary>
/// <param name="Name">The model name.</param>
/// <param name="Index">The position in catalog order (decode walks models from last to first).</param>
/// <param name="DecodeHost">Whether the model may be chosen when decoding a host CPU.</param>
/// <param name="DecodeGuest">Whether the model may be chosen when decoding a guest CPU.</param>
/// <param name="Vendor">The vendor; null for generic models (qemu64, kvm64, …).</param>
/// <param name="Signatures">The family/model/stepping signatures of real CPUs of this model.</param>
/// <param name="Data">The CPUID/MSR bits of all the model's features (inherited ones included).</param>
/// <param name="Features">The model's features (inherited ones included), as catalog indices.</param>
/// <param name="RemovedFeatures">Features the model once had and that must be listed as disabled.</param>
internal sealed record CpuModel(
    string Name,
    int Index,
    bool DecodeHost,
    bool DecodeGuest,
    VendorInfo? Vendor,
    ImmutableArray<ModelSignature> Signatures,
    X86Data Data,
    FeatureSet Features,
    ImmutableArray<string> RemovedFeatures)
{
    /// <summary>Features the cpu_map added to the model after its first release (<c>added='yes'</c>): not part of
    /// <see cref="Data"/>, yet a hypervisor that enables them is not reported as adding features.</summary>
    public ImmutableArray<string> AddedFeatures { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Whether <c>check='partial'</c> compares a CPU of this model with the host in compat mode (by the
    /// cpu_map's data) rather than by the hypervisor's usability report (<c>&lt;check partial='compat'/&gt;</c>).</summary>
    public bool CompatCheck { get; init; }

    /// <summary>The model this one is defined from (<c>&lt;model name='…'/&gt;</c> inside the model), or null.</summary>
    public string? Ancestor { get; init; }

    /// <summary>The name of the model that only renames this one (a versioned name such as <c>Haswell-v2</c> for
    /// <c>Haswell-noTSX</c>); null when no model does.</summary>
    public string? Canonical { get; init; }

    /// <summary>Whether a CPUID signature (leaf 1 eax) matches one of the model's signatures.</summary>
    public bool MatchesSignature(uint signature)
    {
        var (family, model, stepping) = CpuSignature.FromCpuidEax(signature);
        foreach (var s in Signatures)
        {
            if (s.Family == family && s.Model == model && (s.Steppings is not { } mask || (mask & (1 << (int)stepping)) != 0)) return true;
        }
        return false;
    }
}

/// <summary>One <c>&lt;signature&gt;</c> of a model.</summary>
/// <param name="Family">The family (non-zero).</param>
/// <param name="Model">The model number.</param>
/// <param name="Steppings">A bitmap of the matching steppings (bit n = stepping n); null = any.</param>
internal sealed record ModelSignature(uint Family, uint Model, ushort? Steppings)
{
    /// <summary>The CPUID value of this signature with its lowest matching stepping.</summary>
    public uint ToCpuid()
    {
        uint stepping = 0;
        if (Steppings is { } m && m != 0) stepping = (uint)System.Numerics.BitOperations.TrailingZeroCount(m);
        return new CpuSignature(Family, Model, stepping).ToCpuidEax();
    }
}

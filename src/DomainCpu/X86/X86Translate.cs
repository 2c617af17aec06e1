using DomainCpu.Model;
using DomainCpu.Catalog;
using DomainCpu.Diagnostics;

namespace DomainCpu.X86;

/// <summary>Replaces a custom model the hypervisor does not offer by the closest one it does, keeping every
/// feature the definition lists (libvirt's CPU translate, SPEC §7.6).</summary>
internal static class X86Translate
{
    /// <summary>Translates <paramref name="cpu"/> to a model of <paramref name="allowed"/> (null = any).</summary>
    /// <exception cref="DomainCpuException">Fallback forbidden, unknown model/feature, or no model fits.</exception>
    public static CpuDefinition Translate(CpuCatalog catalog, CpuDefinition cpu, IReadOnlyList<AllowedModel>? allowed)
    {
        if (cpu.Mode is not CpuMode.Custom || cpu.ModelName is not { } name) return cpu;
        if (allowed is null || allowed.Any(m => m.Name == name)) return cpu;
        if ((cpu.Model?.Fallback ?? CpuFallback.Allow) != CpuFallback.Allow)
        {
            throw new DomainCpuException(Diagnoses.ModelUnsupported(name));
        }
        var all = X86ModelData.All(catalog, cpu);
        var data = all.Data;
        if (all.Model?.Vendor is { } vendor) data = data.Union(vendor.Data);
        if (all.Model is { Signatures.Length: > 0 } m)
        {
            data = data.Union(X86Data.Of(X86Key.Cpuid(1), new X86Regs(m.Signatures[0].ToCpuid(), 0, 0, 0)));
        }
        var translated = X86Decoder.Decode(catalog, data, new DecodeRequest(CpuType.Guest, allowed));
        foreach (var f in cpu.Features) translated = CpuFeatureEdits.Update(translated, f.Name, f.Policy);
        return cpu with
        {
            Model = (cpu.Model ?? new CpuModelName(null)) with { Name = translated.ModelName },
            Features = translated.Features,
        };
    }
}

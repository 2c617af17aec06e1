using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Diagnostics;
using DomainCpu.Model;

namespace DomainCpu.X86;

/// <summary>
/// The features that keep a CPU model off a host, for domain capabilities that mark a model not usable without
/// naming them (libvirt lists them in <c>&lt;blockers&gt;</c> only since 10.9): the model's features the host CPU does
/// not provide, as <see cref="Comparer"/> finds them for <c>&lt;model&gt;M&lt;/model&gt;</c> alone.
/// </summary>
internal static class ModelBlockers
{
    /// <summary>The blocking features in the catalog's order; empty when the host is unknown, or the catalog cannot
    /// describe the model or the host (the refusal then names none, as before).</summary>
    public static ImmutableArray<string> Of(CpuCatalog catalog, string model, CpuDefinition? host)
    {
        if (host is null || catalog.FindModel(model) is null) return [];
        var alone = new CpuDefinition { Type = CpuType.Guest, Mode = CpuMode.Custom, Match = CpuMatch.Exact, Model = new CpuModelName(model) };
        try
        {
            return Comparer.Compare(catalog, host, alone).Missing;
        }
        catch (DomainCpuException)
        {
            return [];
        }
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using DomainCpu.Model;
using DomainCpu.Xml;

namespace DomainCpu.Diff;

/// <summary>The readable differences between two CPU definitions: attributes, model (and model version),
/// the other parts, and features added, removed or with a changed policy.</summary>
internal static partial class CpuDiff
{
    [GeneratedRegex("^(?<base>.+)-v(?<v>[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionedName();

    /// <summary>The changes from <paramref name="a"/> to <paramref name="b"/>, in a stable order.</summary>
    public static IReadOnlyList<CpuChange> Compare(CpuDefinition? a, CpuDefinition? b)
    {
        var changes = new List<CpuChange>();
        if (a is null && b is null) return changes;
        if (a is null)
        {
            changes.Add(new CpuChange(CpuChangeKind.CpuAdded, "cpu", null, CpuNames.Of(b!.Mode)));
            return changes;
        }
        if (b is null)
        {
            changes.Add(new CpuChange(CpuChangeKind.CpuRemoved, "cpu", CpuNames.Of(a.Mode), null));
            return changes;
        }

        Attr("mode", CpuNames.Of(a.Mode), CpuNames.Of(b.Mode));
        Attr("match", EffectiveMatch(a), EffectiveMatch(b));
        Attr("check", a.Check is { } ac ? CpuNames.Of(ac) : null, b.Check is { } bc ? CpuNames.Of(bc) : null);
        Attr("migratable", OnOff(a.Migratable), OnOff(b.Migratable));

        if (a.ModelName != b.ModelName)
        {
            var kind = SameBaseModel(a.ModelName, b.ModelName) ? CpuChangeKind.ModelVersionChanged : CpuChangeKind.ModelChanged;
            changes.Add(new CpuChange(kind, "model", a.ModelName, b.ModelName));
        }
        Part("fallback", EffectiveFallback(a), EffectiveFallback(b));
        Part("vendor_id", a.Model?.VendorId, b.Model?.VendorId);
        Part("vendor", a.Vendor, b.Vendor);
        Part("topology", Topology(a.Topology), Topology(b.Topology));
        Part("cache", Cache(a.Cache), Cache(b.Cache));
        Part("maxphysaddr", MaxPhys(a.MaxPhysAddr), MaxPhys(b.MaxPhysAddr));
        if (!Equals(a.Numa, b.Numa))
        {
            Part("numa", a.Numa is null ? null : $"{a.Numa.Cells.Length} cells", b.Numa is null ? null : $"{b.Numa.Cells.Length} cells (changed)");
        }

        var before = a.Features.ToDictionary(f => f.Name, f => Policy(f.Policy), StringComparer.Ordinal);
        var after = b.Features.ToDictionary(f => f.Name, f => Policy(f.Policy), StringComparer.Ordinal);
        foreach (var f in a.Features)
        {
            if (!after.TryGetValue(f.Name, out var p)) changes.Add(new CpuChange(CpuChangeKind.FeatureRemoved, f.Name, before[f.Name], null));
            else if (p != before[f.Name]) changes.Add(new CpuChange(CpuChangeKind.FeaturePolicyChanged, f.Name, before[f.Name], p));
        }
        foreach (var f in b.Features)
        {
            if (!before.ContainsKey(f.Name)) changes.Add(new CpuChange(CpuChangeKind.FeatureAdded, f.Name, null, after[f.Name]));
        }
        return changes;

        void Attr(string name, string? x, string? y)
        {
            if (x != y) changes.Add(new CpuChange(CpuChangeKind.AttributeChanged, name, x, y));
        }

        void Part(string name, string? x, string? y)
        {
            if (x != y) changes.Add(new CpuChange(CpuChangeKind.PartChanged, name, x, y));
        }
    }

    /// <summary>Whether two model names are versions of one base model (Haswell, Haswell-v1, Haswell-v4).</summary>
    public static bool SameBaseModel(string? x, string? y)
    {
        if (x is null || y is null) return false;
        return BaseName(x) == BaseName(y);
    }

    private static string BaseName(string name)
    {
        var m = VersionedName().Match(name);
        return m.Success ? m.Groups["base"].Value : name;
    }

    /// <summary>match as libvirt writes it: only for custom CPUs, exact when not given.</summary>
    private static string? EffectiveMatch(CpuDefinition c) => c.Mode == CpuMode.Custom ? CpuNames.Of(c.Match ?? CpuMatch.Exact) : null;

    /// <summary>fallback as libvirt writes it: only with a model name, allow when not given.</summary>
    private static string? EffectiveFallback(CpuDefinition c) =>
        c.ModelName is not null && c.Mode is CpuMode.Custom or CpuMode.HostModel ? CpuNames.Of(c.Model!.Fallback ?? CpuFallback.Allow) : null;

    private static string? OnOff(bool? v) => v is null ? null : v.Value ? "on" : "off";

    private static string Policy(FeaturePolicy? p) => p is null ? "host" : CpuNames.Of(p.Value);

    private static string? Topology(CpuTopology? t) => t is null ? null :
        string.Create(CultureInfo.InvariantCulture, $"sockets={t.Sockets} dies={t.Dies}{(t.Clusters is { } c ? $" clusters={c}" : "")} cores={t.Cores} threads={t.Threads}");

    private static string? Cache(CpuCache? c) => c is null ? null : (c.Level is { } l ? $"level={l} " : "") + $"mode={CpuNames.Of(c.Mode)}";

    private static string? MaxPhys(MaxPhysAddr? m) => m is null ? null :
        $"mode={CpuNames.Of(m.Mode)}" + (m.Bits is { } b ? $" bits={b}" : "") + (m.Limit is { } l ? $" limit={l}" : "");

    /// <summary>The canonical text of a CPU as libvirt writes it (empty when libvirt writes nothing), for text diffs.</summary>
    /// <param name="cpu">The CPU.</param>
    /// <param name="grammar">The CPU XML of the libvirt release to write as; null for the newest.</param>
    public static string CanonicalText(CpuDefinition? cpu, CpuXmlGrammar? grammar = null) => cpu is null ? "" : CpuXmlWriter.Write(cpu, grammar: grammar) ?? "";
}

using System.Collections.Immutable;
using DomainCpu.Model;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Host;

/// <summary>Reads the host-model CPU of a <c>&lt;domainCapabilities&gt;</c> document (the migratable host model
/// libvirt expands host-model guests to) and the host CPU of a <c>&lt;capabilities&gt;</c> document.</summary>
internal static class HostModelReader
{
    /// <summary>The host-model CPU (mode custom, model, vendor, features); null when the mode is unsupported.</summary>
    /// <exception cref="DomainCpuException">The document is not domain capabilities.</exception>
    public static CpuDefinition? ReadHostModel(DomainDocument doc)
    {
        if (doc.Kind != DocumentKind.DomainCapabilities)
        {
            throw DomainCpuException.At(doc.File, SourcePosition.Of(doc.Root), Diagnoses.NotDomainCapabilities(doc.Root.Name.LocalName));
        }
        var mode = doc.Root.Element("cpu")?.Elements("mode").FirstOrDefault(m => XmlValues.Attr(m, "name") == "host-model");
        if (mode is null || XmlValues.Attr(mode, "supported") != "yes") return null;
        var model = mode.Element("model");
        if (model is null || model.Value.Length == 0) return null;
        var fallback = XmlValues.Attr(model, "fallback") is { } fb ? CpuNames.ParseFallback(fb) : null;
        var features = mode.Elements("feature").Select(f => new CpuFeature(
            XmlValues.Attr(f, "name") ?? "",
            XmlValues.Attr(f, "policy") is { } p ? CpuNames.ParsePolicy(p) ?? FeaturePolicy.Require : FeaturePolicy.Require))
            .Where(f => f.Name.Length > 0).ToImmutableArray();
        return new CpuDefinition
        {
            Mode = CpuMode.Custom,
            Match = CpuMatch.Exact,
            Model = new CpuModelName(model.Value, fallback),
            Vendor = mode.Element("vendor")?.Value is { Length: > 0 } v ? v : null,
            Features = features,
        };
    }

    /// <summary>The host CPU of host capabilities, or of a standalone host <c>&lt;cpu&gt;</c>; null when absent.</summary>
    /// <exception cref="DomainCpuException">The CPU is malformed.</exception>
    public static CpuDefinition? ReadHostCpu(DomainDocument doc) => doc.ReadCpu();
}

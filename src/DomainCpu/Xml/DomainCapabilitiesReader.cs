using System.Collections.Immutable;
using System.Xml.Linq;
using DomainCpu.Model;
using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>Reads the <c>&lt;cpu&gt;</c> of a <c>&lt;domainCapabilities&gt;</c> document (SPEC §2.2).</summary>
internal static class DomainCapabilitiesReader
{
    /// <summary>Reads the CPU modes of a loaded domain capabilities document.</summary>
    /// <exception cref="DomainCpuException">The document is not domain capabilities, or its host-model CPU is refused.</exception>
    public static DomainCapabilitiesCpu Read(DomainDocument doc)
    {
        var v = new XmlValues(doc.File);
        if (doc.Kind != DocumentKind.DomainCapabilities)
        {
            throw v.Error(doc.Root, Diagnoses.NotDomainCapabilities(doc.Root.Name.LocalName));
        }
        var cpu = doc.Root.Element("cpu");
        var modes = cpu?.Elements("mode").ToList() ?? new List<XElement>();
        XElement? Mode(string name) => modes.FirstOrDefault(m => XmlValues.Attr(m, "name") == name);
        return new DomainCapabilitiesCpu(
            ReadMigratable(Mode("host-passthrough"), "hostPassthroughMigratable"),
            ReadMigratable(Mode("maximum"), "maximumMigratable"),
            ReadHostModel(Mode("host-model"), doc.File),
            ReadCustom(Mode("custom")));
    }

    /// <summary>The machine type the capabilities were taken for (<c>&lt;machine&gt;</c>); null when absent.</summary>
    public static string? ReadMachine(DomainDocument doc) =>
        doc.Kind == DocumentKind.DomainCapabilities ? doc.Root.Element("machine")?.Value.Trim() : null;

    /// <summary>The domain type the capabilities were taken for (<c>&lt;domain&gt;</c>); null when absent.</summary>
    public static string? ReadVirtType(DomainDocument doc) =>
        doc.Kind == DocumentKind.DomainCapabilities ? doc.Root.Element("domain")?.Value.Trim() : null;

    private static bool Supported(XElement? mode) => mode is not null && XmlValues.Attr(mode, "supported") == "yes";

    private static MigratableMode ReadMigratable(XElement? mode, string enumName)
    {
        var values = mode?.Elements("enum").Where(e => XmlValues.Attr(e, "name") == enumName)
            .SelectMany(e => e.Elements("value")).Select(e => e.Value.Trim()).ToImmutableArray() ?? ImmutableArray<string>.Empty;
        return new MigratableMode(Supported(mode), values);
    }

    private static HostModelMode ReadHostModel(XElement? mode, string file)
    {
        if (!Supported(mode) || mode!.Element("model") is null) return new HostModelMode(Supported(mode), null);
        // The mode element holds a guest CPU's children; read it as a custom CPU of its own.
        var asCpu = new XElement("cpu", new XAttribute("mode", "custom"), new XAttribute("match", "exact"),
            mode.Elements().Where(e => e.Name.LocalName is "model" or "vendor" or "maxphysaddr" or "feature").Select(e => new XElement(e)));
        var cpu = CpuXmlReader.Read(asCpu, CpuType.Guest, file);
        return new HostModelMode(true, cpu with { Match = CpuMatch.Exact });
    }

    private static CustomMode ReadCustom(XElement? mode)
    {
        var models = mode?.Elements("model").Select(m => new CustomModel(
            m.Value.Trim(),
            XmlValues.Attr(m, "usable") switch { "yes" => ModelUsability.Yes, "no" => ModelUsability.No, _ => ModelUsability.Unknown },
            XmlValues.Attr(m, "deprecated") == "yes",
            XmlValues.Attr(m, "vendor") is { } ven && ven != "unknown" ? ven : null,
            Blockers(m),
            XmlValues.Attr(m, "canonical")))
            .ToImmutableArray() ?? ImmutableArray<CustomModel>.Empty;
        return new CustomMode(Supported(mode), models);
    }

    /// <summary>The features blocking a model: libvirt 10.9 and later list them in a <c>&lt;blockers model='M'&gt;</c>
    /// right after the model; libvirt's QEMU capabilities record has <c>&lt;blocker&gt;</c> children instead.</summary>
    private static ImmutableArray<string> Blockers(XElement model)
    {
        var listed = model.ElementsAfterSelf().FirstOrDefault() is { Name.LocalName: "blockers" } b
            ? b.Elements("feature")
            : model.Elements("blocker");
        return listed.Select(f => XmlValues.Attr(f, "name")).OfType<string>().ToImmutableArray();
    }
}

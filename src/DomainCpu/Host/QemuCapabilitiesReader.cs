using System.Collections.Immutable;
using System.Globalization;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;
using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>Reads libvirt's <c>&lt;qemuCaps&gt;</c> documents.</summary>
internal static class QemuCapabilitiesReader
{
    /// <summary>Reads a loaded <c>&lt;qemuCaps&gt;</c> document.</summary>
    /// <exception cref="DomainCpuException">The root is not <c>qemuCaps</c>.</exception>
    public static QemuCapabilities Read(DomainDocument doc)
    {
        var root = doc.Root;
        if (root.Name.LocalName != "qemuCaps")
        {
            throw DomainCpuException.At(doc.File, SourcePosition.Of(root), Diagnoses.NotQemuCapabilities(root.Name.LocalName));
        }
        ulong.TryParse(root.Element("version")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version);
        var flags = root.Elements("flag").Select(f => (string?)f.Attribute("name")).OfType<string>().ToImmutableHashSet();
        var machines = root.Elements("machine").Select(m => new QemuMachine(
            (string?)m.Attribute("type") ?? "kvm",
            (string?)m.Attribute("name") ?? "",
            (string?)m.Attribute("alias"),
            (string?)m.Attribute("default") == "yes",
            uint.TryParse((string?)m.Attribute("maxCpus"), NumberStyles.None, CultureInfo.InvariantCulture, out var mc) ? mc : 0,
            (string?)m.Attribute("defaultCPU"),
            (string?)m.Attribute("deprecated") == "yes",
            (string?)m.Attribute("defaultRAMid"))).ToImmutableArray();
        var models = root.Elements("cpu").Select(c => new QemuCpuModel(
            (string?)c.Attribute("type") ?? "kvm",
            (string?)c.Attribute("name") ?? "",
            (string?)c.Attribute("typename"),
            (string?)c.Attribute("usable") switch { "yes" => true, "no" => false, _ => null },
            (string?)c.Attribute("deprecated") == "yes",
            c.Elements("blocker").Select(b => (string?)b.Attribute("name")).OfType<string>().ToImmutableArray())).ToImmutableArray();
        var hosts = root.Elements("hostCPU").Select(h => new QemuHostCpu(
            (string?)h.Attribute("type") ?? "kvm",
            (string?)h.Attribute("model") ?? "",
            (string?)h.Attribute("migratability") == "yes",
            h.Elements("property").Select(p => new QemuCpuProperty(
                (string?)p.Attribute("name") ?? "",
                (string?)p.Attribute("type") ?? "boolean",
                (string?)p.Attribute("value") ?? "",
                (string?)p.Attribute("migratable") switch { "yes" => true, "no" => false, _ => null })).ToImmutableArray())).ToImmutableArray();
        ulong.TryParse(root.Element("selfvers")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var libvirtVersion);
        return new QemuCapabilities(version, root.Element("arch")?.Value, flags, machines, models, hosts) { LibvirtVersion = libvirtVersion };
    }

    /// <summary>Loads and reads a <c>&lt;qemuCaps&gt;</c> file.</summary>
    public static QemuCapabilities ReadFile(string path) => Read(DomainDocument.LoadFile(path));
}

using System.Text.Json;
using DomainCpu.Model;
using DomainCpu.Xml;

namespace DomainCpu.Cli;

/// <summary>The JSON form of a <c>&lt;cpu&gt;</c> and of a whole document, shared by the commands that print XML
/// (docs/json-output.md, "CPU object" and "document object").</summary>
internal static class CpuJson
{
    /// <summary>The document object: <c>{"file","kind","cpu","document"}</c> and what <paramref name="extra"/> adds.</summary>
    public static string Document(DomainDocument doc, Action<Utf8JsonWriter>? extra = null) => JsonOut.Object(w =>
    {
        w.WriteString("file", doc.File);
        w.WriteString("kind", KindName(doc.Kind));
        w.WritePropertyName("cpu");
        Write(w, doc.ReadCpu());
        extra?.Invoke(w);
        w.WriteString("document", doc.Text);
    });

    /// <summary>The document object of a command that answered as <paramref name="libvirt"/>: its CPU read in that
    /// release's grammar, and <c>"libvirt": "12.8"</c>; with <paramref name="target"/> (a command that also answered
    /// for a QEMU release), the <c>"target"</c> member too.</summary>
    public static string Document(DomainDocument doc, Targets.LibvirtProfile libvirt, Targets.Target? target = null) => JsonOut.Object(w =>
    {
        w.WriteString("file", doc.File);
        w.WriteString("kind", KindName(doc.Kind));
        w.WritePropertyName("cpu");
        Write(w, doc.ReadCpu(grammar: libvirt.CpuXml));
        w.WriteString("libvirt", libvirt.Version.ToString());
        if (target is not null) JsonOut.Target(w, target);
        w.WriteString("document", doc.Text);
    });

    /// <summary>Writes a CPU object, or null.</summary>
    public static void Write(Utf8JsonWriter w, CpuDefinition? cpu)
    {
        if (cpu is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        w.WriteString("type", cpu.Type == CpuType.Host ? "host" : "guest");
        w.WriteString("mode", CpuNames.Of(cpu.Mode));
        w.WriteString("match", cpu.Match is { } m ? CpuNames.Of(m) : null);
        w.WriteString("check", cpu.Check is { } c ? CpuNames.Of(c) : null);
        if (cpu.Migratable is { } mig) w.WriteBoolean("migratable", mig);
        else w.WriteNull("migratable");
        if (cpu.DeprecatedFeatures is { } dep) w.WriteBoolean("deprecatedFeatures", dep);
        else w.WriteNull("deprecatedFeatures");
        w.WriteString("arch", cpu.Arch);
        w.WritePropertyName("model");
        if (cpu.Model is { } model)
        {
            w.WriteStartObject();
            w.WriteString("name", model.Name);
            w.WriteString("fallback", model.Fallback is { } f ? CpuNames.Of(f) : null);
            w.WriteString("vendorId", model.VendorId);
            w.WriteEndObject();
        }
        else w.WriteNullValue();
        w.WriteString("vendor", cpu.Vendor);
        w.WritePropertyName("topology");
        if (cpu.Topology is { } t)
        {
            w.WriteStartObject();
            w.WriteNumber("sockets", t.Sockets);
            w.WriteNumber("dies", t.Dies);
            Number(w, "clusters", t.Clusters);
            w.WriteNumber("cores", t.Cores);
            w.WriteNumber("threads", t.Threads);
            w.WriteEndObject();
        }
        else w.WriteNullValue();
        w.WritePropertyName("cache");
        if (cpu.Cache is { } cache)
        {
            w.WriteStartObject();
            Number(w, "level", cache.Level);
            w.WriteString("mode", CpuNames.Of(cache.Mode));
            w.WriteEndObject();
        }
        else w.WriteNullValue();
        w.WritePropertyName("maxphysaddr");
        if (cpu.MaxPhysAddr is { } mpa)
        {
            w.WriteStartObject();
            w.WriteString("mode", CpuNames.Of(mpa.Mode));
            Number(w, "bits", mpa.Bits);
            Number(w, "limit", mpa.Limit);
            w.WriteEndObject();
        }
        else w.WriteNullValue();
        JsonOut.Features(w, "features", cpu.Features.Select(f => (f.Name, f.Policy is { } p ? CpuNames.Of(p) : null)));
        w.WritePropertyName("numa");
        if (cpu.Numa is { } numa)
        {
            w.WriteStartObject();
            w.WriteStartArray("cells");
            foreach (var cell in numa.Cells)
            {
                w.WriteStartObject();
                Number(w, "id", cell.Id);
                w.WriteString("cpus", cell.Cpus);
                w.WriteNumber("memoryKiB", cell.MemoryKiB);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        else w.WriteNullValue();
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, uint? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static string KindName(DocumentKind kind) => kind switch
    {
        DocumentKind.Domain => "domain",
        DocumentKind.Capabilities => "capabilities",
        DocumentKind.DomainCapabilities => "domaincaps",
        DocumentKind.Cpu => "cpu",
        DocumentKind.CpuTest => "cpuTest",
        _ => "other",
    };
}

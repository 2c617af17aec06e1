using System.Text.Json;
using DomainCpu.Model;
using DomainCpu.Xml;

namespace DomainCpu.Cli;

/// <summary>
/// The JSON form of <c>domaincpu capabilities --json</c>: <c>{"host": {…}, "hostModel": {…}|null}</c>. The host
/// has <c>arch, model, vendor, microcode, signature{family,model,stepping}, counter{name,frequency,scaling},
/// topology{sockets,dies,cores,threads}, maxphysaddr{mode,bits}, features[{name,policy: null}], pages[{unit,size}]</c> (null where
/// unknown); the host-model has <c>model, fallback, vendor, features[{name,policy}]</c>.
/// </summary>
internal static class HostCpuJson
{
    /// <summary>The JSON text (<see cref="JsonOut"/>).</summary>
    public static string Write(HostCpu host, CpuDefinition? hostModel) => JsonOut.Object(w =>
    {
        w.WritePropertyName("host");
        WriteHost(w, host);
        w.WritePropertyName("hostModel");
        if (hostModel is null) w.WriteNullValue();
        else WriteHostModel(w, hostModel);
    });

    private static void WriteHost(Utf8JsonWriter w, HostCpu host)
    {
        var cpu = host.Cpu;
        w.WriteStartObject();
        w.WriteString("arch", cpu.Arch);
        w.WriteString("model", cpu.ModelName);
        w.WriteString("vendor", cpu.Vendor);
        if (cpu.Microcode is { } mc) w.WriteNumber("microcode", mc);
        else w.WriteNull("microcode");
        w.WritePropertyName("signature");
        if (cpu.Signature is { } s)
        {
            w.WriteStartObject();
            w.WriteNumber("family", s.Family);
            w.WriteNumber("model", s.Model);
            w.WriteNumber("stepping", s.Stepping);
            w.WriteEndObject();
        }
        else w.WriteNullValue();
        w.WritePropertyName("counter");
        if (cpu.Counter is { } c)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteNumber("frequency", c.Frequency);
            if (c.Scaling is { } sc) w.WriteBoolean("scaling", sc);
            else w.WriteNull("scaling");
            w.WriteEndObject();
        }
        else w.WriteNullValue();
        w.WritePropertyName("topology");
        if (cpu.Topology is { } t)
        {
            w.WriteStartObject();
            w.WriteNumber("sockets", t.Sockets);
            w.WriteNumber("dies", t.Dies);
            w.WriteNumber("cores", t.Cores);
            w.WriteNumber("threads", t.Threads);
            w.WriteEndObject();
        }
        else w.WriteNullValue();
        w.WritePropertyName("maxphysaddr");
        if (cpu.MaxPhysAddr is { } m)
        {
            w.WriteStartObject();
            w.WriteString("mode", CpuNames.Of(m.Mode));
            if (m.Bits is { } b) w.WriteNumber("bits", b);
            else w.WriteNull("bits");
            w.WriteEndObject();
        }
        else w.WriteNullValue();
        JsonOut.Features(w, "features", cpu.Features.Select(f => f.Name));
        w.WriteStartArray("pages");
        foreach (var p in host.Pages)
        {
            w.WriteStartObject();
            w.WriteString("unit", p.Unit);
            w.WriteNumber("size", p.Size);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteHostModel(Utf8JsonWriter w, CpuDefinition cpu)
    {
        w.WriteStartObject();
        w.WriteString("model", cpu.ModelName);
        w.WriteString("fallback", CpuNames.Of(cpu.Model?.Fallback ?? CpuFallback.Allow));
        w.WriteString("vendor", cpu.Vendor);
        JsonOut.Features(w, "features", cpu.Features.Select(f => (f.Name, (string?)CpuNames.Of(f.Policy ?? FeaturePolicy.Require))));
        w.WriteEndObject();
    }
}

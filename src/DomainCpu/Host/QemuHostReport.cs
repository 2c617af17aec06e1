using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;
using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>
/// What QEMU says about the host CPU: its expansion of the <c>host</c> model (query-cpu-model-expansion) and,
/// when known, its CPU model list with blockers (query-cpu-definitions). Read from the QMP replies of libvirt's
/// cputest <c>.json</c> files (one or more JSON objects in a row) or from a <c>&lt;qemuCaps&gt;</c> record.
/// </summary>
/// <param name="HostCpu">QEMU's expansion of the host CPU; null when the replies have none.</param>
/// <param name="Models">QEMU's CPU models in its order; null when no model list was given.</param>
public sealed record QemuHostReport(QemuHostCpu? HostCpu, ImmutableArray<QemuCpuModel>? Models)
{
    /// <summary>Whether QEMU reports the features it could not enable (its <c>cpu-unavailable-features</c>
    /// capability). True for QMP replies; a <c>&lt;qemuCaps&gt;</c> record says. Without it libvirt drops MSR features
    /// from the host-model CPU.</summary>
    public bool ReportsUnavailableFeatures { get; init; } = true;

    /// <summary>Reads QEMU's view of the host from a file: a <c>&lt;qemuCaps&gt;</c> record (libvirt's capabilities
    /// cache) when it is XML, else QMP replies (<see cref="ReadJson"/>).</summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="file">Its name, for findings.</param>
    /// <exception cref="DomainCpuException">Neither a record nor replies with the host CPU or the model list.</exception>
    public static QemuHostReport Read(byte[] bytes, string file)
    {
        var first = bytes.AsSpan().TrimStart("\uFEFF"u8).TrimStart(" \t\r\n"u8);
        return first.Length > 0 && first[0] == (byte)'<'
            ? FromCapabilities(QemuCapabilitiesReader.Read(DomainDocument.Load(bytes, file)))
            : ReadJson(bytes, file);
    }

    /// <summary>Reads QMP replies (the cputest <c>.json</c> shape): the reply with a <c>model</c> object is the
    /// expansion, the reply with an array the model list.</summary>
    /// <exception cref="DomainCpuException">The text is not JSON, or has neither reply.</exception>
    public static QemuHostReport ReadJson(byte[] utf8, string file)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            // The JSON reader only meets invalid bytes when a string is read, long after parsing: refuse them first.
            var chars = new char[utf8.Length];
            System.Text.Unicode.Utf8.ToUtf16(utf8, chars, out var bad, out _, replaceInvalidSequences: false);
            var badLine = 1 + utf8.AsSpan(0, bad).Count((byte)'\n');
            var badCol = bad - utf8.AsSpan(0, bad).LastIndexOf((byte)'\n');
            throw DomainCpuException.At(file, new SourcePosition(badLine, badCol), Diagnoses.JsonNotUtf8(bad));
        }
        QemuHostCpu? host = null;
        ImmutableArray<QemuCpuModel>? models = null;
        var offset = 0;
        var line = 1;
        while (true)
        {
            while (offset < utf8.Length && utf8[offset] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                if (utf8[offset] == (byte)'\n') line++;
                offset++;
            }
            if (offset >= utf8.Length) break;
            var reader = new Utf8JsonReader(utf8.AsSpan(offset), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = InputLimits.Default.MaxJsonDepth });
            JsonDocument doc;
            try
            {
                doc = JsonDocument.ParseValue(ref reader);
            }
            catch (JsonException ex)
            {
                throw DomainCpuException.At(file, new SourcePosition(line + (int)(ex.LineNumber ?? 0), (int)(ex.BytePositionInLine ?? 0) + 1),
                    Diagnoses.JsonMalformed(FirstSentence(ex.Message)));
            }
            using (doc)
            {
                var consumed = (int)reader.BytesConsumed;
                var startLine = line;
                for (var i = offset; i < offset + consumed; i++) if (utf8[i] == (byte)'\n') line++;
                offset += consumed;
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("return", out var ret)) continue;
                if (ret.ValueKind == JsonValueKind.Object && ret.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.Object)
                {
                    host ??= ReadExpansion(model, file, startLine);
                }
                else if (ret.ValueKind == JsonValueKind.Array)
                {
                    models ??= ReadDefinitions(ret);
                }
            }
        }
        if (host is null && models is null)
        {
            throw DomainCpuException.At(file, new SourcePosition(1, 1), Diagnoses.QemuReportEmpty());
        }
        return new QemuHostReport(host, models);
    }

    /// <summary>Takes the KVM host CPU and KVM model list of a <c>&lt;qemuCaps&gt;</c> record.</summary>
    public static QemuHostReport FromCapabilities(QemuCapabilities caps)
    {
        var models = caps.ModelsFor("kvm").ToImmutableArray();
        return new QemuHostReport(caps.HostCpuFor("kvm"), models.IsEmpty ? null : models)
        {
            ReportsUnavailableFeatures = caps.Has(QemuCapabilityFlags.CpuUnavailableFeatures),
        };
    }

    private static QemuHostCpu ReadExpansion(JsonElement model, string file, int line)
    {
        var name = model.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
        var props = ImmutableArray.CreateBuilder<QemuCpuProperty>();
        if (model.TryGetProperty("props", out var p))
        {
            if (p.ValueKind != JsonValueKind.Object)
            {
                throw DomainCpuException.At(file, new SourcePosition(line, 1), Diagnoses.QemuReportPropsNotObject());
            }
            foreach (var prop in p.EnumerateObject())
            {
                switch (prop.Value.ValueKind)
                {
                    case JsonValueKind.True:
                    case JsonValueKind.False:
                        props.Add(new QemuCpuProperty(prop.Name, "boolean", prop.Value.ValueKind == JsonValueKind.True ? "true" : "false", null));
                        break;
                    case JsonValueKind.Number:
                        props.Add(new QemuCpuProperty(prop.Name, "number", prop.Value.GetRawText(), null));
                        break;
                    case JsonValueKind.String:
                        props.Add(new QemuCpuProperty(prop.Name, "string", prop.Value.GetString()!, null));
                        break;
                }
            }
        }
        return new QemuHostCpu("kvm", name, false, props.ToImmutable());
    }

    private static ImmutableArray<QemuCpuModel> ReadDefinitions(JsonElement list)
    {
        var models = ImmutableArray.CreateBuilder<QemuCpuModel>();
        foreach (var d in list.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Object || !d.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String) continue;
            bool? usable = null;
            var blockers = ImmutableArray<string>.Empty;
            if (d.TryGetProperty("unavailable-features", out var unavailable) && unavailable.ValueKind == JsonValueKind.Array)
            {
                blockers = unavailable.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.String).Select(b => b.GetString()!).ToImmutableArray();
                usable = blockers.IsEmpty;
            }
            var deprecated = d.TryGetProperty("deprecated", out var dep) && dep.ValueKind == JsonValueKind.True;
            var typeName = d.TryGetProperty("typename", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            models.Add(new QemuCpuModel("kvm", name.GetString()!, typeName, usable, deprecated, blockers));
        }
        return models.ToImmutable();
    }

    /// <summary>A numeric property of the expansion (family, model, stepping), or null.</summary>
    internal static long? Number(QemuHostCpu host, string name)
    {
        foreach (var p in host.Properties)
        {
            if (p.Name == name && p.Type == "number" &&
                long.TryParse(p.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return v;
        }
        return null;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}

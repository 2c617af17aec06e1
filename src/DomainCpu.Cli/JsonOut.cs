using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DomainCpu.Cli;

/// <summary>The one place that writes the JSON the commands print (docs/json-output.md): one indented value ending
/// with a line break, with '&lt;', '&gt;' and quotes left readable (messages and documents quote XML; the output is not
/// HTML). Every command's <c>--json</c> goes through here, so they all print alike.</summary>
internal static class JsonOut
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An object whose members <paramref name="body"/> writes.</summary>
    public static string Object(Action<Utf8JsonWriter> body) => Value(InObject(body));

    /// <summary>An array whose items <paramref name="items"/> writes.</summary>
    public static string Array(Action<Utf8JsonWriter> items) => Value(w =>
    {
        w.WriteStartArray();
        items(w);
        w.WriteEndArray();
    });

    /// <summary>Any one value <paramref name="write"/> writes (a source-generated serializer writes through the writer
    /// too, so it gets the same settings).</summary>
    public static string Value(Action<Utf8JsonWriter> write) => Write(Indented, write) + "\n";

    /// <summary>An object on one line, without a line break: a row of a result printed a line a row.</summary>
    public static string Line(Action<Utf8JsonWriter> body) => Write(Compact, InObject(body));

    private static Action<Utf8JsonWriter> InObject(Action<Utf8JsonWriter> body) => w =>
    {
        w.WriteStartObject();
        body(w);
        w.WriteEndObject();
    };

    /// <summary>An array of strings as a member.</summary>
    public static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    /// <summary>A list of features as a member: every feature list of every command has items of one shape,
    /// <c>{"name", "policy"}</c>, the policy null where the list names features without one (a host's features, a
    /// comparison's missing and extra ones, a model's).</summary>
    public static void Features(Utf8JsonWriter w, string name, IEnumerable<string> names) =>
        Features(w, name, names.Select(n => (n, (string?)null)));

    /// <summary>A list of features with their policies (libvirt's spelling) as a member.</summary>
    public static void Features(Utf8JsonWriter w, string name, IEnumerable<(string Name, string? Policy)> features)
    {
        w.WriteStartArray(name);
        foreach (var (feature, policy) in features)
        {
            w.WriteStartObject();
            w.WriteString("name", feature);
            w.WriteString("policy", policy);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The target a command answered for as the member <c>"target"</c>: <c>{"libvirt", "libvirtOrigin",
    /// "modelsOrigin", "qemu", "qemuOrigin"}</c>, the releases as <c>"11.3"</c> and each origin in the words
    /// <c>--verbose</c> prints (docs/json-output.md, "Target").</summary>
    public static void Target(Utf8JsonWriter w, Targets.Target target)
    {
        w.WriteStartObject("target");
        w.WriteString("libvirt", target.Libvirt.Version.ToString());
        w.WriteString("libvirtOrigin", target.Origin.Libvirt);
        w.WriteString("modelsOrigin", target.Origin.Models);
        w.WriteString("qemu", target.Origin.QemuVersion.ToString());
        w.WriteString("qemuOrigin", target.Origin.Qemu);
        w.WriteEndObject();
    }

    private static string Write(JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, options))
        {
            write(w);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

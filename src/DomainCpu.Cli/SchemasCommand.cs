using System.CommandLine;
using System.Text.Json;
using DomainCpu.Schema;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu schemas [--out DIR]</c>: the XML Schemas the validator uses, for editors. They are embedded in
/// the library, so whoever installed the tool, the native binary or the package has them without the repository.</summary>
internal static class SchemasCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var outDir = new Option<string?>("--out")
        {
            Description = "Write the schemas into this folder (created if missing); each file is replaced whole or not at all",
            HelpName = "DIR",
        };
        var json = new Option<bool>("--json") { Description = "Print [{\"file\",\"kind\",\"path\"}] as JSON" };
        var cmd = new Command("schemas", "List the XML Schemas (XSD) DomainCpu validates with, or write them for an editor")
        {
            outDir, json,
        };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var dir = r.GetValue(outDir);
            var entries = new List<SchemaFileJson>();
            if (dir is not null)
            {
                if (File.Exists(dir)) throw new CliUsageException($"{dir}: is a file, not a folder");
                Directory.CreateDirectory(dir);
            }
            foreach (var name in SchemaSet.FileNames)
            {
                string? path = null;
                if (dir is not null)
                {
                    path = Path.Combine(dir, name);
                    using var source = SchemaSet.Open(name);
                    using var bytes = new MemoryStream();
                    source.CopyTo(bytes);
                    AtomicFile.Write(path, bytes.ToArray(), ctx.OpenTempFile);
                }
                entries.Add(new SchemaFileJson(name, KindOf(name), path));
            }
            if (r.GetValue(json))
            {
                ctx.WriteText(JsonOut.Value(w => JsonSerializer.Serialize(w, entries, CliJsonContext.Default.ListSchemaFileJson)));
                return CliExit.Ok;
            }
            foreach (var e in entries) ctx.WriteLine(e.Path ?? $"{e.File}\t{e.Kind ?? "(included by the others)"}");
            return CliExit.Ok;
        }));
        return cmd;
    }

    /// <summary>The document kind an entry-point schema validates (<c>cpu-catalog</c> and <c>libvirt-cpu-maps</c> for the
    /// embedded data files); null for the shared parts the others include.</summary>
    private static string? KindOf(string file) =>
        file is "cpu-catalog.xsd" or "libvirt-cpu-maps.xsd"
            ? file[..^".xsd".Length]
            : Enum.GetValues<Xml.DocumentKind>().Where(k => SchemaSet.FileNameFor(k) == file).Select(Kind).FirstOrDefault();

    private static string Kind(Xml.DocumentKind kind) => kind switch
    {
        Xml.DocumentKind.Domain => "domain",
        Xml.DocumentKind.Capabilities => "capabilities",
        Xml.DocumentKind.DomainCapabilities => "domaincaps",
        _ => "cpu",
    };
}

/// <summary>One schema file in <c>schemas --json</c>.</summary>
internal sealed record SchemaFileJson(string File, string? Kind, string? Path);

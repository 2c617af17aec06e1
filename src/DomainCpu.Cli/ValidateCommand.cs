using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using DomainCpu.Schema;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;
using DomainCpu.Targets;

namespace DomainCpu.Cli;

/// <summary><c>domaincpu validate</c>: XSD plus semantic rules over many files in one process.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext ctx, GlobalOptions g)
    {
        var files = new Argument<string[]>("FILE") { Description = "Documents to validate; - for standard input", Arity = ArgumentArity.OneOrMore };
        var kind = new Option<string?>("--kind") { Description = "Validate as domain, capabilities, domaincaps or cpu (default: what the root element says)" };
        var json = new Option<bool>("--json") { Description = "Print the findings as a JSON array on stdout" };
        var cmd = new Command("validate", "Check documents against DomainCpu's schemas and libvirt's CPU rules") { files, kind, json };
        cmd.SetAction(r => CliRunner.Run(ctx, r, g, () =>
        {
            var k = ParseKind(r.GetValue(kind));
            var libvirt = CliTarget.Libvirt(ctx, r, g);
            var findings = ValidateAll(ctx, r.GetValue(files)!, k, libvirt);
            if (r.GetValue(json))
            {
                var release = libvirt.Version.ToString();
                var items = findings.Select(d => new JsonFinding(d.File, d.Line, d.Column,
                    d.Severity == DiagnosticSeverity.Error ? "error" : "warning", d.CategoryName, d.Id, d.Message, release)).ToList();
                ctx.WriteLine(JsonSerializer.Serialize(items, ValidateJson.Relaxed.ListJsonFinding));
            }
            else
            {
                foreach (var d in findings) ctx.Stderr.WriteLine(d.ToString());
            }
            return Validator.HasErrors(findings) ? CliExit.Finding : CliExit.Ok;
        }));
        return cmd;
    }

    /// <summary>Validates the files on all cores; the findings come in the order of the files, and a usage or
    /// I/O error stops the command at the first file (in that order) that has one, as a sequential run would.</summary>
    private static List<Diagnostic> ValidateAll(CliContext ctx, string[] paths, DocumentKind? kind, LibvirtProfile libvirt)
    {
        var results = new FileResult[paths.Length];
        // Standard input is read in order, so a command line that names it runs sequentially.
        var sequential = paths.Length < 2 || paths.Contains("-");
        var options = new ParallelOptions { MaxDegreeOfParallelism = sequential ? 1 : Environment.ProcessorCount };
        Parallel.For(0, paths.Length, options, i => results[i] = ValidateOne(ctx, paths[i], kind, libvirt));
        var findings = new List<Diagnostic>();
        foreach (var result in results)
        {
            result.Failure?.Throw();
            findings.AddRange(result.Findings);
        }
        return findings;
    }

    private static FileResult ValidateOne(CliContext ctx, string path, DocumentKind? kind, LibvirtProfile libvirt)
    {
        try
        {
            return new FileResult(Validator.Validate(InputFiles.LoadBytes(ctx, path), path, kind, libvirt: libvirt), null);
        }
        catch (DomainCpuException ex)
        {
            return new FileResult([ex.Diagnostic], null);
        }
        catch (Exception ex)
        {
            return new FileResult([], System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex));
        }
    }

    /// <summary>One file's findings, or the exception that stops the command.</summary>
    private sealed record FileResult(IReadOnlyList<Diagnostic> Findings, System.Runtime.ExceptionServices.ExceptionDispatchInfo? Failure);

    private static DocumentKind? ParseKind(string? s) => s switch
    {
        null => null,
        "domain" => DocumentKind.Domain,
        "capabilities" => DocumentKind.Capabilities,
        "domaincaps" => DocumentKind.DomainCapabilities,
        "cpu" => DocumentKind.Cpu,
        _ => throw new CliUsageException($"--kind must be domain, capabilities, domaincaps or cpu, not '{s}'"),
    };
}

/// <summary>One finding of <c>validate --json</c>.</summary>
internal sealed record JsonFinding(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("column")] int Column,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("libvirt")] string Libvirt);

[JsonSerializable(typeof(List<JsonFinding>))]
[JsonSourceGenerationOptions(WriteIndented = false)]
internal sealed partial class ValidateJson : JsonSerializerContext
{
    /// <summary>Messages quote XML, so '&lt;' and '&gt;' stay as they are (the output is not embedded in HTML).</summary>
    public static ValidateJson Relaxed { get; } = new(new JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

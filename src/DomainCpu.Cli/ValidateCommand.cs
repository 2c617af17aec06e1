using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
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
            var paths = r.GetValue(files)!;
            var target = CliTarget.Resolve(ctx, r, g);
            var release = target.Libvirt.Version.ToString();
            var results = ValidateAll(ctx, paths, k, target);
            var findings = results.SelectMany(x => x.Findings).ToList();
            var unreadable = results.Count(x => x.Unreadable is not null);
            if (r.GetValue(json))
            {
                var items = new List<JsonFinding>();
                for (var i = 0; i < paths.Length; i++)
                {
                    if (results[i].Unreadable is { } problem) items.Add(new JsonFinding(paths[i], 0, 0, "error", "io", null, problem, release));
                    items.AddRange(results[i].Findings.Select(d => new JsonFinding(d.File, d.Line, d.Column,
                        d.Severity == DiagnosticSeverity.Error ? "error" : "warning", d.CategoryName, d.Id, d.Message, release)));
                }
                ctx.WriteText(JsonOut.Value(w => JsonSerializer.Serialize(w, items, ValidateJson.Default.ListJsonFinding)));
            }
            else
            {
                foreach (var result in results)
                {
                    if (result.Unreadable is { } problem) ctx.Stderr.WriteLine($"domaincpu: {problem}");
                    foreach (var d in result.Findings) ctx.Stderr.WriteLine(d.ToString());
                }
            }
            ctx.Stderr.WriteLine(Summary(paths.Length, unreadable, findings));
            return unreadable > 0 ? CliExit.Usage : LibvirtCpu.HasErrors(findings) ? CliExit.Finding : CliExit.Ok;
        }));
        return cmd;
    }

    /// <summary>The closing line: how many files, errors and warnings (and unreadable files, when any).</summary>
    internal static string Summary(int files, int unreadable, IReadOnlyCollection<Diagnostic> findings)
    {
        var errors = findings.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = findings.Count - errors;
        var line = $"{Count(files, "file")}, {Count(errors, "error")}, {Count(warnings, "warning")}";
        return unreadable > 0 ? $"{line}, {unreadable} unreadable" : line;
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    /// <summary>Validates the files on all cores; the results come in the order of the files. A file that cannot be read
    /// is reported and the others are still validated.</summary>
    private static FileResult[] ValidateAll(CliContext ctx, string[] paths, DocumentKind? kind, Target target)
    {
        var results = new FileResult[paths.Length];
        // Standard input is read in order, so a command line that names it runs sequentially.
        var sequential = paths.Length < 2 || paths.Contains("-");
        var options = new ParallelOptions { MaxDegreeOfParallelism = sequential ? 1 : Environment.ProcessorCount };
        Parallel.For(0, paths.Length, options, i => results[i] = ValidateOne(ctx, paths[i], kind, target));
        return results;
    }

    private static FileResult ValidateOne(CliContext ctx, string path, DocumentKind? kind, Target target)
    {
        byte[] bytes;
        try
        {
            bytes = InputFiles.LoadBytes(ctx, path);
        }
        catch (DomainCpuException ex)
        {
            return new FileResult([ex.Diagnostic], null);
        }
        catch (CliUsageException ex)
        {
            return new FileResult([], ex.Message);
        }
        try
        {
            return new FileResult(LibvirtCpu.Validate(bytes, path, kind, target: target), null);
        }
        catch (DomainCpuException ex)
        {
            return new FileResult([ex.Diagnostic], null);
        }
    }

    /// <summary>One file's findings, or why it could not be read.</summary>
    private sealed record FileResult(IReadOnlyList<Diagnostic> Findings, string? Unreadable);

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
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("libvirt")] string Libvirt);

[JsonSerializable(typeof(List<JsonFinding>))]
internal sealed partial class ValidateJson : JsonSerializerContext;

namespace DomainCpu.Diagnostics;

/// <summary>How serious a finding is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The input is invalid.</summary>
    Error,
    /// <summary>The input is accepted but should be changed.</summary>
    Warning,
}

/// <summary>
/// One finding about an input document, with its position. <see cref="ToString"/> gives the
/// <c>FILE:LINE:COL: error: [ID] message</c> form of the command line.
/// </summary>
/// <param name="File">The file name as the user gave it (<c>-</c> for standard input); empty while the finding has
/// no position yet (a CPU algorithm refusing something, before the caller names the document).</param>
/// <param name="Line">The 1-based line, or 0 when unknown.</param>
/// <param name="Column">The 1-based column, or 0 when unknown.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Category">What kind of problem it is (<see cref="DiagnosticCatalogue"/> gives each id's).</param>
/// <param name="Id">The stable id (e.g. DC0103), listed in <see cref="DiagnosticCatalogue"/>.</param>
/// <param name="Message">The finding in plain words.</param>
public sealed record Diagnostic(
    string File,
    int Line,
    int Column,
    DiagnosticSeverity Severity,
    DiagnosticCategory Category,
    string Id,
    string Message)
{
    /// <summary>Whether the finding names the document it is about.</summary>
    public bool HasLocation => File.Length > 0;

    /// <summary>The category as JSON output and the docs write it: <c>xml</c>, <c>schema</c>, <c>semantic</c>, <c>host</c>,
    /// <c>config</c> or <c>json</c>.</summary>
    public string CategoryName => NameOf(Category);

    /// <summary>The lower-case name of a category.</summary>
    public static string NameOf(DiagnosticCategory category) => category switch
    {
        DiagnosticCategory.Xml => "xml",
        DiagnosticCategory.Schema => "schema",
        DiagnosticCategory.Semantic => "semantic",
        DiagnosticCategory.Host => "host",
        DiagnosticCategory.Config => "config",
        DiagnosticCategory.Json => "json",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    /// <summary>The same finding at a position in a file.</summary>
    /// <param name="file">The file name as the user gave it (<c>-</c> for standard input).</param>
    /// <param name="position">The 1-based line and column.</param>
    public Diagnostic At(string file, SourcePosition position) =>
        this with { File = file, Line = position.Line, Column = position.Column };

    /// <summary>The finding as one line: <c>FILE:LINE:COL: error: [ID] message</c> (<c>domaincpu: error: …</c> when it
    /// names no file).</summary>
    public override string ToString()
    {
        var sev = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        var id = string.IsNullOrEmpty(Id) ? "" : $"[{Id}] ";
        return HasLocation ? $"{File}:{Line}:{Column}: {sev}: {id}{Message}" : $"domaincpu: {sev}: {id}{Message}";
    }
}

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
/// <param name="File">The file name as the user gave it (<c>-</c> for standard input).</param>
/// <param name="Line">The 1-based line, or 0 when unknown.</param>
/// <param name="Column">The 1-based column, or 0 when unknown.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Category"><c>xml</c> (well-formedness and limits), <c>schema</c> or <c>semantic</c>.</param>
/// <param name="Id">The stable rule id (e.g. DC0103).</param>
/// <param name="Message">The finding in plain words.</param>
public sealed record Diagnostic(
    string File,
    int Line,
    int Column,
    DiagnosticSeverity Severity,
    string Category,
    string Id,
    string Message)
{
    /// <summary>The finding as one line: <c>FILE:LINE:COL: error: [ID] message</c>.</summary>
    public override string ToString()
    {
        var sev = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        var id = string.IsNullOrEmpty(Id) ? "" : $"[{Id}] ";
        return $"{File}:{Line}:{Column}: {sev}: {id}{Message}";
    }
}

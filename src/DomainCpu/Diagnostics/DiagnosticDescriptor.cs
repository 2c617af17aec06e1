namespace DomainCpu.Diagnostics;

/// <summary>One entry of the <see cref="DiagnosticCatalogue"/>: a stable id with its category, severity and what it
/// reports. Ids never change meaning and are never reused; an id whose condition another id now reports stays listed
/// as retired.</summary>
/// <param name="Id">The stable id (such as DC0103).</param>
/// <param name="Category">What kind of problem it is.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Summary">What it reports, in one sentence.</param>
public sealed record DiagnosticDescriptor(string Id, DiagnosticCategory Category, DiagnosticSeverity Severity, string Summary)
{
    /// <summary>Whether <c>domaincpu validate</c> (the validator) reports it; the other ids come from
    /// reading documents and from the operations.</summary>
    public bool Validated { get; init; }

    /// <summary>Whether a domain's start can be refused with it (<c>argv</c>, <c>expand --live</c> and the hook all start the
    /// domain the same way and refuse it with the same id).</summary>
    public bool AtStart { get; init; }

    /// <summary>Whether the id is retired: no finding carries it any more.</summary>
    public bool IsRetired { get; init; }

    /// <summary>The id that reports this condition now; null while this id is in use, or when the condition can no longer
    /// arise.</summary>
    public string? RetiredFor { get; init; }

    /// <summary>A finding of this kind with its message and no position yet (<see cref="Diagnostic.At"/> places it).</summary>
    /// <param name="message">The finding in plain words.</param>
    public Diagnostic With(string message) =>
        new("", 0, 0, Severity, Category, Id, message);
}

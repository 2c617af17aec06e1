
namespace DomainCpu.Diagnostics;

/// <summary>
/// An input DomainCpu refuses: malformed XML, a refused construct (DTD, entity, XInclude), a limit exceeded,
/// or a definition libvirt would reject. Carries the finding with its position.
/// </summary>
public sealed class DomainCpuException : Exception
{
    /// <summary>Creates the exception for a finding.</summary>
    public DomainCpuException(Diagnostic diagnostic) : base(diagnostic.Message) => Diagnostic = diagnostic;

    /// <summary>The finding.</summary>
    public Diagnostic Diagnostic { get; }

    /// <summary>An error at a position.</summary>
    public static DomainCpuException At(string file, SourcePosition pos, string category, string id, string message) =>
        new(new Diagnostic(file, pos.Line, pos.Column, DiagnosticSeverity.Error, category, id, message));
}

namespace DomainCpu.Diagnostics;

/// <summary>
/// An input DomainCpu refuses: malformed XML, a refused construct (DTD, entity, XInclude), a limit exceeded, or
/// something libvirt would reject. Carries the finding; a CPU algorithm deep inside an operation throws it without a
/// position, and the operation that knows the document adds the position (<see cref="Locate{T}"/>).
/// </summary>
public sealed class DomainCpuException : Exception
{
    /// <summary>Creates the exception for a finding.</summary>
    public DomainCpuException(Diagnostic diagnostic) : base(diagnostic.Message) => Diagnostic = diagnostic;

    /// <summary>The finding.</summary>
    public Diagnostic Diagnostic { get; }

    /// <summary>A refusal at a position in a file.</summary>
    /// <param name="file">The file name as the user gave it (<c>-</c> for standard input).</param>
    /// <param name="position">The 1-based line and column.</param>
    /// <param name="finding">The finding; its own position, if any, is replaced.</param>
    public static DomainCpuException At(string file, SourcePosition position, Diagnostic finding) =>
        new(finding.At(file, position));

    /// <summary>Runs an operation; a refusal from inside it that names no document yet is placed at
    /// <paramref name="position"/> of <paramref name="file"/>. Refusals that have a position keep it.</summary>
    internal static T Locate<T>(string file, SourcePosition position, Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (DomainCpuException ex) when (!ex.Diagnostic.HasLocation)
        {
            throw At(file, position, ex.Diagnostic);
        }
    }
}

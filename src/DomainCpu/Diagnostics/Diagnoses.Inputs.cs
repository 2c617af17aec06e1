namespace DomainCpu.Diagnostics;

/// <summary>The findings about what a command is given: the kind of a document, a guest where a host belongs.</summary>
internal static partial class Diagnoses
{
    /// <summary>A command was given a document of a kind it does not take.</summary>
    /// <param name="expected">What the command takes, in words (<c>a domain (&lt;domain&gt;) or a standalone &lt;cpu&gt;</c>).</param>
    /// <param name="found">The root element's name.</param>
    public static Diagnostic DocumentKindUnexpected(string expected, string found) =>
        DiagnosticCatalogue.DocumentKindUnexpected.With($"expected {expected}, found <{found}>");

    /// <summary>A guest CPU given as a host.</summary>
    public static Diagnostic GuestCpuAsHost(string what) =>
        DiagnosticCatalogue.GuestCpuAsHost.With($"expected a host CPU (host capabilities, domain capabilities, or a <cpu> with <arch>), found {what}");
}

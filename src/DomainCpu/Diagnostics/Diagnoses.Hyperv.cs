namespace DomainCpu.Diagnostics;

/// <summary>The findings about a domain's Hyper-V enlightenments that libvirt makes when it defines and starts the
/// domain (its words).</summary>
internal static partial class Diagnoses
{
    /// <summary><paramref name="enlightenment"/> is on and the clock timer <paramref name="timer"/> is not present.</summary>
    public static Diagnostic HypervNeedsTimer(string enlightenment, string timer) =>
        DiagnosticCatalogue.HypervDependencyMissing.With($"'{enlightenment}' hyperv feature requires '{timer}' timer");

    /// <summary><paramref name="enlightenment"/> is on and <paramref name="needed"/> is not.</summary>
    public static Diagnostic HypervNeedsFeature(string enlightenment, string needed) =>
        DiagnosticCatalogue.HypervDependencyMissing.With($"'{enlightenment}' hyperv feature requires '{needed}' feature");
}

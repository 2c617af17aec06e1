using System.Xml.Linq;

namespace DomainCpu.EndToEnd;

/// <summary>What libvirt did with a guest in one pass: define, start (paused), the live XML, save, restore, the
/// restored live XML and the migratable XML, then destroy.</summary>
/// <param name="StartError">libvirt's error when the start was refused; null when the guest started.</param>
/// <param name="Inactive">The defined (inactive) XML; null when the define failed.</param>
/// <param name="LiveCpu">The live <c>&lt;cpu&gt;</c> after the start; null when it did not start or has none.</param>
/// <param name="SaveError">The error of <c>virsh save</c>; null when it worked or was not tried.</param>
/// <param name="RestoreError">The error of <c>virsh restore</c>; null when it worked or was not tried.</param>
/// <param name="RestoredCpu">The live <c>&lt;cpu&gt;</c> after the restore.</param>
/// <param name="Migratable">The XML of <c>virsh dumpxml --migratable</c> after the restore; null when it failed.</param>
/// <param name="MigratableError">The error of <c>virsh dumpxml --migratable</c>.</param>
internal sealed record PhaseOutcome(string? StartError, string? Inactive, XElement? LiveCpu, string? SaveError, string? RestoreError,
    XElement? RestoredCpu, string? Migratable, string? MigratableError)
{
    public bool Started => StartError is null;

    /// <summary>The steps of a pass, as virsh commands; <paramref name="file"/> is the guest's file where virsh reads it.</summary>
    public static IEnumerable<(string Step, string Command)> Steps(Guest guest, string file, string saveFile) =>
    [
        ("define", $"define '{file}'"),
        ("inactive", $"dumpxml --inactive {guest.Name}"),
        ("start", $"start --paused {guest.Name}"),
        ("live", $"dumpxml {guest.Name}"),
        ("save", $"save {guest.Name} '{saveFile}'"),
        ("restore", $"restore --paused '{saveFile}'"),
        ("restored", $"dumpxml {guest.Name}"),
        ("migratable", $"dumpxml --migratable {guest.Name}"),
        ("destroy", $"destroy {guest.Name}"),
        ("undefine", $"undefine {guest.Name}"),
    ];

    /// <summary>Reads a guest's pass from the output of its steps.</summary>
    public static PhaseOutcome Read(Guest guest, IReadOnlyDictionary<(string Guest, string Step), string> steps)
    {
        string Out(string step) => steps.TryGetValue((guest.Name, step), out var s) ? s : $"error: no output of step {step}";
        var startError = Out("start").Contains($"Domain '{guest.Name}' started", StringComparison.Ordinal) ? null : Error(Out("start"));
        var inactive = Xml(Out("inactive"));
        if (startError is not null) return new PhaseOutcome(startError, inactive, null, null, null, null, null, null);
        var saveError = Out("save").Contains("saved to", StringComparison.Ordinal) ? null : Error(Out("save"));
        var restoreError = Out("restore").Contains("Domain restored", StringComparison.Ordinal) ? null : Error(Out("restore"));
        var migratable = Xml(Out("migratable"));
        return new PhaseOutcome(null, inactive, Cpu(Xml(Out("live"))), saveError, restoreError, Cpu(Xml(Out("restored"))),
            migratable, migratable is null ? Error(Out("migratable")) : null);
    }

    /// <summary>libvirt's error: the first error line that is not virsh's own "Failed to …", with the lines that
    /// continue it (a hook's stderr may take more than one).</summary>
    private static string Error(string output)
    {
        var lines = output.Split('\n');
        var first = Array.FindIndex(lines, l => l.StartsWith("error: ", StringComparison.Ordinal) && !l.StartsWith("error: Failed to ", StringComparison.Ordinal));
        if (first < 0) return output.Trim();
        var more = lines.Skip(first + 1).TakeWhile(l => l.Length > 0 && !l.StartsWith("error: ", StringComparison.Ordinal));
        return string.Join("\n", more.Prepend(lines[first]["error: ".Length..]));
    }

    private static string? Xml(string output)
    {
        var at = output.IndexOf("<domain", StringComparison.Ordinal);
        return at < 0 ? null : output[at..].Trim();
    }

    /// <summary>The <c>&lt;cpu&gt;</c> of a domain XML, whitespace between elements dropped; null when none.</summary>
    public static XElement? Cpu(string? domainXml)
    {
        if (domainXml is null) return null;
        // Parsing drops the whitespace between elements, so two CPUs compare by content.
        return XDocument.Parse(domainXml).Root?.Element("cpu");
    }
}

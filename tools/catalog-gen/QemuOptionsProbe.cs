using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.CatalogGen;

/// <summary>
/// QEMU's command-line option table, asked of QEMU itself. No QMP command lists it (<c>query-command-line-options</c>
/// lists QemuOpts groups, not options, and not whether an option takes an argument), and <c>-help</c> shows each option
/// with a free-form synopsis. So <c>-help</c> gives the candidate names, and QEMU's own first pass over its arguments
/// (<c>lookup_opt</c>, run before any option acts) decides each one: <c>QEMU -h -NAME</c> says "invalid option" for a
/// name the table lacks, "requires an argument" for an option that takes one (its argument would be missing), and
/// otherwise prints the help <c>-h</c> asked for and exits, having started nothing.
/// </summary>
internal static partial class QemuOptionsProbe
{
    /// <summary>The option names every QEMU's <c>-help</c> shows: an option one release documents may be a hidden one
    /// (no help text) in another, as <c>-M</c> is before QEMU 11.</summary>
    /// <param name="qemus">The commands that run each QEMU.</param>
    public static IReadOnlyList<string> HelpNames(IEnumerable<IReadOnlyList<string>> qemus) =>
        qemus.SelectMany(qemu =>
        {
            var (code, help, said) = Execute(qemu, ["-help"]);
            if (code != 0) throw new GeneratorException($"{string.Join(' ', qemu)} -help: exit {code}: {said.Trim()}");
            return Candidates(help);
        }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The candidate names this QEMU has, with whether each takes an argument.</summary>
    /// <param name="qemu">The command that runs QEMU.</param>
    /// <param name="candidates">The names to ask about (<see cref="HelpNames"/>).</param>
    /// <param name="jobs">How many QEMU processes run at once.</param>
    public static QemuOptionTable Run(IReadOnlyList<string> qemu, IReadOnlyList<string> candidates, int jobs)
    {
        var table = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        Parallel.ForEach(candidates, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) }, name =>
        {
            if (Probe(qemu, name) is { } takes) table[name] = takes;
        });
        if (table.IsEmpty) throw new GeneratorException($"{string.Join(' ', qemu)}: no option probed");
        return QemuOptionTable.Of(table);
    }

    /// <summary>The names of the lines of <c>-help</c> that start with an option (<c>-fda/-fdb file</c>, <c>-h or -help</c>).</summary>
    internal static IEnumerable<string> Candidates(string help) =>
        help.Split('\n')
            .Where(l => l.StartsWith('-'))
            .SelectMany(l => Lead().Match(l).Groups["name"].Captures.Select(c => c.Value))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    [GeneratedRegex(@"^-(?<name>[A-Za-z0-9_][A-Za-z0-9_.-]*)(?:(?:/| or )-(?<name>[A-Za-z0-9_][A-Za-z0-9_.-]*))*")]
    private static partial Regex Lead();

    /// <summary>Whether the option takes an argument; null when QEMU has no such option.</summary>
    private static bool? Probe(IReadOnlyList<string> qemu, string name)
    {
        var (code, stdout, stderr) = Execute(qemu, ["-h", "-" + name]);
        if (stderr.Contains($": -{name}: requires an argument", StringComparison.Ordinal)) return true;
        if (stderr.Contains($": -{name}: invalid option", StringComparison.Ordinal)) return null;
        if (code == 0 && stdout.Contains("usage:", StringComparison.Ordinal)) return false;
        throw new GeneratorException($"{string.Join(' ', qemu)} -h -{name}: exit {code}: {stderr.Trim()}");
    }

    private static (int Code, string Stdout, string Stderr) Execute(IReadOnlyList<string> qemu, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(qemu[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in qemu.Skip(1).Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new GeneratorException($"cannot start {qemu[0]}");
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            throw new GeneratorException($"{string.Join(' ', qemu)} {string.Join(' ', args)}: did not exit");
        }
        return (p.ExitCode, stdout, stderr.Result);
    }
}

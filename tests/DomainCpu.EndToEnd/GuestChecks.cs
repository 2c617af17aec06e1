using System.Xml.Linq;
using DomainCpu.EndToEnd.Support;

namespace DomainCpu.EndToEnd;

/// <summary>
/// What the suite asks of each guest, one kind of check per question; each check gives null (passed), a failure, or
/// nothing when it does not apply to the guest (a refused guest cannot be restored).
/// </summary>
internal static class GuestChecks
{
    public const string SameVerdict = "start: same verdict with and without the hook";
    public const string NoFalseRefusal = "hook: no false refusal";
    public const string NoMissedRefusal = "hook: no missed refusal";
    public const string ReasonNamed = "hook refusal names libvirt's reason";
    public const string Restore = "save + restore with the hook";
    public const string Migratable = "dumpxml --migratable + migrate filter";
    public const string LiveCpu = "live <cpu> = expand --live";
    public const string ExpandRefusal = "expand --live refuses as libvirt";
    public const string Compare = "compare = virsh cpu-compare";

    public static readonly string[] Kinds = [SameVerdict, NoFalseRefusal, NoMissedRefusal, ReasonNamed, Restore, Migratable, LiveCpu, ExpandRefusal, Compare];

    /// <summary>Every check that applies to the guest, by kind.</summary>
    public static IEnumerable<(string Kind, string? Failure)> Of(EndToEndRun run, Guest guest)
    {
        var without = run.Without[guest.Name];
        var with = run.With[guest.Name];
        yield return (SameVerdict, without.Started == with.Started ? null
            : $"without the hook the start {Verdict(without)}, with it {Verdict(with)}");
        if (without.Inactive is null)
        {
            yield return (NoFalseRefusal, $"libvirt did not define the guest: {without.StartError}");
            yield break;
        }
        var hook = Domaincpu.Run(run.Root, without.Inactive, "hook", guest.Name, "prepare", "begin", "-");
        var expand = Domaincpu.Run(run.Root, without.Inactive, "expand", "--live", "-");
        if (without.Started)
        {
            yield return (NoFalseRefusal, hook.ExitCode == 0 && with.Started ? null
                : $"the hook refused a start libvirt makes (exit {hook.ExitCode}): {hook.Stderr.Trim()} {with.StartError}");
            yield return (Restore, RestoreFailure(with));
            yield return (Migratable, MigratableFailure(run.Root, guest, with));
            yield return (LiveCpu, expand.ExitCode != 0 ? $"expand --live refused (exit {expand.ExitCode}): {expand.Stderr.Trim()}"
                : SameCpu(without.LiveCpu, PhaseOutcome.Cpu(expand.Stdout)));
        }
        else
        {
            var reason = Reason(without.StartError!);
            yield return (NoMissedRefusal, hook.ExitCode == 1 ? null
                : $"libvirt refuses ({without.StartError}), the hook did not (exit {hook.ExitCode}) {hook.Stderr.Trim()}");
            yield return (ReasonNamed, with.StartError is { } e && e.Contains(reason, StringComparison.Ordinal) && hook.Stderr.Contains(reason, StringComparison.Ordinal)
                ? null : $"libvirt's reason '{reason}' is not in the refusal with the hook: daemon '{with.StartError}', hook '{hook.Stderr.Trim()}'");
            yield return (ExpandRefusal, expand.ExitCode == 1 && expand.Stderr.Contains(reason, StringComparison.Ordinal) ? null
                : $"libvirt refuses with '{reason}'; expand --live exit {expand.ExitCode}: {expand.Stderr.Trim()}");
        }
        yield return (Compare, CompareFailure(run.Root, guest, run.CpuCompare[guest.Name]));
    }

    private static string Verdict(PhaseOutcome o) => o.Started ? "succeeded" : $"failed ({o.StartError})";

    private static string? RestoreFailure(PhaseOutcome with)
    {
        if (!with.Started) return $"the guest did not start with the hook: {with.StartError}";
        if (with.SaveError is { } save) return $"virsh save failed: {save}";
        if (with.RestoreError is { } restore) return $"virsh restore failed: {restore}";
        return SameCpu(with.LiveCpu, with.RestoredCpu) is { } differs ? $"the restored guest's <cpu> is not the saved one's: {differs}" : null;
    }

    private static string? MigratableFailure(string root, Guest guest, PhaseOutcome with)
    {
        if (with.Migratable is null) return $"virsh dumpxml --migratable failed: {with.MigratableError}";
        // What a migration destination's hook gets: the filter must leave it to libvirt (print nothing).
        var filter = Domaincpu.Run(root, with.Migratable, "hook", guest.Name, "migrate", "begin", "-");
        return filter.ExitCode == 0 && filter.Stdout.Length == 0 ? null
            : $"the migrate filter answered exit {filter.ExitCode} with {filter.Stdout.Length} bytes: {filter.Stderr.Trim()}";
    }

    private static string? SameCpu(XElement? expected, XElement? actual) =>
        XNode.DeepEquals(expected, actual) ? null : $"\n  libvirt:   {expected}\n  domaincpu: {actual}";

    /// <summary>libvirt's message without its error class ("internal error: ", …): the reason itself.</summary>
    public static string Reason(string error)
    {
        string[] classes = ["unsupported configuration: ", "internal error: ", "operation failed: ", "XML error: ", "invalid argument: ", "Requested operation is not valid: "];
        var line = error.Split('\n')[0];
        var cls = classes.FirstOrDefault(c => line.StartsWith(c, StringComparison.Ordinal));
        return cls is null ? line : line[cls.Length..];
    }

    private static string? CompareFailure(string root, Guest guest, string virsh)
    {
        var expected = virsh.Contains("is identical to host CPU", StringComparison.Ordinal) ? "identical"
            : virsh.Contains("Host CPU is a superset", StringComparison.Ordinal) ? "superset"
            : virsh.Contains("is incompatible with host CPU", StringComparison.Ordinal) ? "incompatible"
            : "error";
        var ours = Domaincpu.Run(root, "", "compare", "--json", guest.File);
        var actual = ours.ExitCode == 2 ? $"usage error: {ours.Stderr.Trim()}"
            : ours.Stdout.Length == 0 || System.Text.Json.JsonDocument.Parse(ours.Stdout).RootElement.TryGetProperty("error", out _) ? "error"
            : System.Text.Json.JsonDocument.Parse(ours.Stdout).RootElement.GetProperty("result").GetString();
        return actual == expected ? null : $"virsh cpu-compare: {expected} ({virsh.Trim()}); domaincpu compare: {actual} {ours.Stderr.Trim()}";
    }
}

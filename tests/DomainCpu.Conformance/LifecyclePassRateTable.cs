using System.Globalization;
using System.Text;
using DomainCpu.Cli;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>Pass counts per kind, printed as a table; a rate below its floor, or a miss nobody explained, fails.
/// (Used by the lifecycle and update conformance tests.)</summary>
public sealed class LifecyclePassRateTable
{
    private readonly SortedDictionary<string, (int Pass, int Total)> _kinds = new(StringComparer.Ordinal);
    private readonly List<(string Kind, string Case, string Why)> _misses = new();

    public void Count(string kind, string name, string? miss)
    {
        var (pass, total) = _kinds.GetValueOrDefault(kind);
        _kinds[kind] = (pass + (miss is null ? 1 : 0), total + 1);
        if (miss is not null) _misses.Add((kind, name, miss));
    }

    public double Rate(string kind) => _kinds.TryGetValue(kind, out var k) && k.Total > 0 ? (double)k.Pass / k.Total : 0;

    public void Print(IReadOnlyDictionary<string, string> explanations)
    {
        var w = TestContext.Out;
        w.WriteLine("| kind | pass | total | rate |");
        w.WriteLine("|---|---|---|---|");
        foreach (var (kind, (pass, total)) in _kinds)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {kind} | {pass} | {total} | {100.0 * pass / total:F1}% |"));
        }
        foreach (var (kind, name, why) in _misses)
        {
            var key = $"{kind}/{name}";
            w.WriteLine($"MISS {key}: {why}" + (Explain(explanations, kind, name) is { } e ? $"  [known: {e}]" : "  [UNEXPLAINED]"));
        }
    }

    /// <summary>The explanation of a miss: by <c>kind/case</c>, else by <c>kind/*</c> for a whole kind.</summary>
    private static string? Explain(IReadOnlyDictionary<string, string> explanations, string kind, string name) =>
        explanations.TryGetValue($"{kind}/{name}", out var e) ? e : explanations.GetValueOrDefault($"{kind}/*");

    public void AssertFloors(IReadOnlyDictionary<string, double> floors, IReadOnlyDictionary<string, string> explanations)
    {
        Assert.Multiple(() =>
        {
            foreach (var (kind, floor) in floors)
            {
                Assert.That(Rate(kind), Is.GreaterThanOrEqualTo(floor), $"{kind} pass rate fell below its floor");
            }
            var unexplained = _misses.Where(m => Explain(explanations, m.Kind, m.Case) is null).Select(m => $"{m.Kind}/{m.Case}").ToList();
            Assert.That(unexplained, Is.Empty, "misses without an explanation in the floors file");
        });
    }
}

/// <summary>Runs the CLI in-process with bytes on stdin.</summary>
internal static class LifecycleCli
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr);

    public static Result Run(byte[] stdin, params string[] args)
    {
        using var input = new MemoryStream(stdin);
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var code = DomainCpu.Cli.Program.Run(args, new CliContext(input, output, error));
        return new Result(code, output.ToArray(), error.ToString());
    }
}

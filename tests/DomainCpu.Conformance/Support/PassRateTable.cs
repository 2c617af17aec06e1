using System.Globalization;
using NUnit.Framework;

namespace DomainCpu.Conformance.Support;

/// <summary>The pass rates of one check, a kind of case per row. Every case counts under a declared kind; the table
/// prints (to the test output) one line per kind, <c>kind  passed/total  rate%  floor%</c>, then every failure with
/// its reason, and fails when a kind has no cases, a rate is below its floor, a case counts under an undeclared kind,
/// or the case set itself is broken (<see cref="Broken"/>).</summary>
public sealed class PassRateTable
{
    private const int FailuresShown = 50;

    private readonly string _title;
    private readonly IReadOnlyList<KindFloor> _floors;
    private readonly Dictionary<string, (int Passed, int Total)> _counts = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];
    private readonly List<string> _broken = [];

    public PassRateTable(string title, params KindFloor[] floors)
    {
        if (floors.Length == 0) throw new ArgumentException("a pass-rate table needs at least one kind", nameof(floors));
        _title = title;
        _floors = floors;
        foreach (var f in floors) _counts.Add(f.Kind, (0, 0));
    }

    /// <summary>Counts one case of a kind: it passed when <paramref name="failure"/> is null.</summary>
    public void Count(string kind, string caseName, string? failure)
    {
        var (passed, total) = _counts.GetValueOrDefault(kind);
        _counts[kind] = (passed + (failure is null ? 1 : 0), total + 1);
        if (failure is not null) _failures.Add($"{kind} {caseName}: {failure}");
    }

    /// <summary>Counts one case of a kind that passed when <paramref name="ok"/>.</summary>
    public void Count(string kind, string caseName, bool ok, string failure) => Count(kind, caseName, ok ? null : failure);

    /// <summary>Records a fault of the case set as a whole (missing, unread rows): the table fails.</summary>
    public void Broken(string why) => _broken.Add(why);

    /// <summary>The passed and total counts of a kind.</summary>
    public (int Passed, int Total) this[string kind] => _counts.GetValueOrDefault(kind);

    /// <summary>Prints the table and fails when a kind is empty, undeclared or below its floor, or the set is broken.</summary>
    public void PrintAndAssert()
    {
        var problems = Print(TestContext.Out);
        if (problems.Count > 0) Assert.Fail($"{_title}:\n" + string.Join("\n", problems));
    }

    /// <summary>Writes the table; returns what makes it fail.</summary>
    public IReadOnlyList<string> Print(TextWriter w)
    {
        var problems = new List<string>(_broken);
        var width = Math.Max("kind".Length, _counts.Keys.Max(k => k.Length));
        w.WriteLine($"pass rates: {_title}");
        w.WriteLine($"  {"kind".PadRight(width)}  {"passed/total",12}  {"rate",7}  {"floor",7}");
        foreach (var (kind, (passed, total)) in _counts)
        {
            var floor = _floors.FirstOrDefault(f => f.Kind == kind);
            var rate = total == 0 ? "-" : Percent(100.0 * passed / total);
            w.WriteLine($"  {kind.PadRight(width)}  {$"{passed}/{total}",12}  {rate,7}  {(floor is null ? "none" : Percent(floor.Percent)),7}");
            if (floor is null) problems.Add($"{kind}: cases counted under a kind the table does not declare");
            else if (total == 0) problems.Add($"{kind}: no cases (an empty case set never passes)");
            else if (passed * 100.0 < floor.Percent * total) problems.Add($"{kind}: pass rate {rate} below its floor {Percent(floor.Percent)}");
        }
        foreach (var f in _floors.Where(f => f.Why is not null)) w.WriteLine($"  known misses of {f.Kind}: {f.Why}");
        foreach (var b in _broken) w.WriteLine($"  BROKEN {b}");
        foreach (var f in _failures.Take(FailuresShown)) w.WriteLine("  FAIL " + f.Replace("\n", "\n    ", StringComparison.Ordinal));
        if (_failures.Count > FailuresShown) w.WriteLine($"  … and {_failures.Count - FailuresShown} more failures");
        return problems;
    }

    private static string Percent(double value) => value.ToString("F1", CultureInfo.InvariantCulture) + "%";
}

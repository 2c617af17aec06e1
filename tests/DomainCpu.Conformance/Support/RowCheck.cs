using NUnit.Framework;

namespace DomainCpu.Conformance.Support;

/// <summary>
/// One conformance check over the rows of a release folder's case file, the way libvirt's test programs have one
/// line per case: <see cref="Cases"/> is the NUnit case source (one case per selected row, so a failure names its
/// row), <see cref="AssertCase"/> runs one, and <see cref="AssertPassRates"/> runs the same check over every row into
/// a <see cref="PassRateTable"/> with the declared kinds and floors. A missing or empty case set, a row that does not
/// read, or a selection of no rows fails both ways, never passes vacuously. Where one fixture serves several checks,
/// <see cref="RowChecks"/> gives (check, case) pairs and one table case per check, named by <see cref="Name"/>.
/// </summary>
public sealed class RowCheck<TRow> : IRowCheck where TRow : class, ICaseRow
{
    private readonly string _title;
    private readonly string _folder;
    private readonly Func<string, CaseSet<TRow>> _read;
    private readonly Func<TRow, bool> _selects;
    private readonly Func<TRow, string> _kindOf;
    private readonly Action<TRow, CaseResults> _check;
    private readonly KindFloor[] _floors;

    /// <param name="title">What the table measures.</param>
    /// <param name="folder">The corpus release folder (<c>libvirt-9.0</c>, <c>live-qemu-7.2</c>, …).</param>
    /// <param name="read">Reads the case file of a release folder (the rows' own <c>Read</c>).</param>
    /// <param name="selects">The rows this check judges.</param>
    /// <param name="kindOf">The kind a row counts under when its check throws.</param>
    /// <param name="check">Judges one row, counting it under one or more kinds.</param>
    /// <param name="floors">The table's kinds with their floors.</param>
    public RowCheck(string title, string folder, Func<string, CaseSet<TRow>> read, Func<TRow, bool> selects, Func<TRow, string> kindOf,
        Action<TRow, CaseResults> check, params KindFloor[] floors)
    {
        _title = title;
        _folder = folder;
        _read = read;
        _selects = selects;
        _kindOf = kindOf;
        _check = check;
        _floors = floors;
    }

    /// <summary>The check's short name among the checks of its fixture (<c>qemu-10.0</c>, <c>qemu-10.0 embedded</c>); the
    /// folder unless given.</summary>
    public string Name
    {
        get => _name ?? _folder;
        init => _name = value;
    }

    private readonly string? _name;

    /// <summary>The NUnit cases: one per selected row, or one failing case that says why there are none, and one per
    /// unread row.</summary>
    public IEnumerable<TestCaseData> Cases() => CorpusCases().Select(Data);

    IEnumerable<TestCaseData> IRowCheck.Pairs() =>
        CorpusCases().Select(c => new TestCaseData(this, c).SetArgDisplayNames(Name, c.Name));

    void IRowCheck.AssertCase(object c) => AssertCase((CorpusCase<TRow>)c);

    private List<CorpusCase<TRow>> CorpusCases()
    {
        var cases = new List<CorpusCase<TRow>>();
        try
        {
            var (release, missing) = Corpus.Locate(_folder);
            if (missing is not null) return [CorpusCase<TRow>.Broken("no cases", missing)];
            var set = _read(release!);
            if (set.Problem is { } problem) cases.Add(CorpusCase<TRow>.Broken("no cases", problem));
            cases.AddRange(set.Unread.Select(u => CorpusCase<TRow>.Broken($"unread line {u.Line}", $"{set.Path}: {u}")));
            var rows = set.Rows.Where(_selects).ToList();
            if (rows.Count == 0 && set.Problem is null) cases.Add(CorpusCase<TRow>.Broken("no cases", $"{set.Path}: no row is selected"));
            cases.AddRange(rows.Select(CorpusCase<TRow>.Of));
        }
        catch (Exception ex)
        {
            cases.Add(CorpusCase<TRow>.Broken("no cases", $"{_folder}: {ex.Message}"));
        }
        return cases;
    }

    private static TestCaseData Data(CorpusCase<TRow> c) => new TestCaseData(c).SetArgDisplayNames(c.Name);

    /// <summary>Runs the check on one case; fails with every kind it failed. A failure of a kind whose floor is
    /// below 100% with a reason (<see cref="KindFloor.Why"/>) is a known miss: printed, guarded by the table's floor,
    /// and not failing its case.</summary>
    public void AssertCase(CorpusCase<TRow> c)
    {
        var results = Run(c.Row);
        var undeclared = results.ByKind.Keys.Where(k => _floors.All(f => f.Kind != k)).ToList();
        bool Known(string kind) => _floors.Any(f => f.Kind == kind && f.Why is not null && f.Percent < 100);
        foreach (var (kind, failure) in results.ByKind.Where(r => r.Value is not null && Known(r.Key)))
        {
            TestContext.Out.WriteLine($"known miss of {kind} ({_floors.First(f => f.Kind == kind).Why}): {failure}");
        }
        var failures = results.ByKind.Where(r => r.Value is not null && !Known(r.Key)).Select(r => $"{r.Key}: {r.Value}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(results.ByKind, Is.Not.Empty, "the check counted the row under no kind");
            Assert.That(undeclared, Is.Empty, "kinds the pass-rate table does not declare");
            if (failures.Count > 0) Assert.Fail(string.Join("\n", failures));
        });
    }

    /// <summary>Runs the check over every selected row, prints the pass-rate table and asserts its floors.</summary>
    public void AssertPassRates()
    {
        var table = new PassRateTable(_title, _floors);
        var set = Read();
        if (set.Problem is { } problem) table.Broken(problem);
        foreach (var u in set.Unread) table.Broken($"{set.Path}: {u}");
        foreach (var row in set.Rows.Where(_selects))
        {
            foreach (var (kind, failure) in Run(row).ByKind) table.Count(kind, row.Name, failure);
        }
        table.PrintAndAssert();
    }

    private CaseSet<TRow> Read() => _read(Corpus.Release(_folder));

    private CaseResults Run(TRow row)
    {
        var results = new CaseResults();
        try
        {
            _check(row, results);
        }
        catch (Exception ex)
        {
            results.Count(_kindOf(row), $"threw {ex.GetType().Name}: {ex.Message}");
        }
        return results;
    }
}

/// <summary>A <see cref="RowCheck{TRow}"/> whatever its row type, for a fixture that serves several.</summary>
public interface IRowCheck
{
    /// <summary>The check's name in its fixture's test names.</summary>
    string Name { get; }

    /// <summary>(check, case) pairs, one per case of <see cref="RowCheck{TRow}.Cases"/>.</summary>
    IEnumerable<TestCaseData> Pairs();

    /// <summary>Runs the check on a case of <see cref="Pairs"/>.</summary>
    void AssertCase(object c);

    /// <summary>Runs the check over every row into its pass-rate table.</summary>
    void AssertPassRates();
}

/// <summary>The case sources of a fixture that serves a list of checks: every check's (check, case) pairs, named
/// <c>Case(check,row)</c>, and one pass-rate table per check, named <c>PassRates(check)</c>.</summary>
public static class RowChecks
{
    public static IEnumerable<TestCaseData> Cases(params IRowCheck[] checks) => checks.SelectMany(c => c.Pairs());

    public static IEnumerable<TestCaseData> Tables(params IRowCheck[] checks) =>
        checks.Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));
}

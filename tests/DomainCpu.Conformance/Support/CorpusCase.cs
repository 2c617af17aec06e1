using NUnit.Framework;

namespace DomainCpu.Conformance.Support;

/// <summary>One NUnit case of a corpus case source: a row, or, when the case set is missing, empty or has rows that
/// do not read, the reason, which fails the case. A case source therefore never yields zero cases.</summary>
public sealed class CorpusCase<TRow> where TRow : class, ICaseRow
{
    private readonly TRow? _row;
    private readonly string? _problem;

    private CorpusCase(string name, TRow? row, string? problem)
    {
        Name = name;
        _row = row;
        _problem = problem;
    }

    public static CorpusCase<TRow> Of(TRow row) => new(row.Name, row, null);

    public static CorpusCase<TRow> Broken(string name, string problem) => new(name, null, problem);

    public string Name { get; }

    /// <summary>The row; fails the case when there is none.</summary>
    public TRow Row
    {
        get
        {
            if (_row is null) Assert.Fail(_problem ?? "no row");
            return _row!;
        }
    }

    public override string ToString() => Name;
}

using NUnit.Framework;

namespace DomainCpu.Conformance.Support;

/// <summary>The rows of one case file. <see cref="Problem"/> says why the file gives no cases at all (missing, a
/// header other than its format's, no rows); <see cref="Unread"/> lists the lines that are no row of its kind.
/// Both fail wherever the set is used: an empty or missing case set never passes.</summary>
public sealed class CaseSet<TRow> where TRow : ICaseRow
{
    internal CaseSet(string path, IReadOnlyList<TRow> rows, IReadOnlyList<UnreadRow> unread, string? problem)
    {
        Path = path;
        Rows = rows;
        Unread = unread;
        Problem = problem;
    }

    /// <summary>The case file.</summary>
    public string Path { get; }

    /// <summary>The folder of the case file (where its inputs and expected files are).</summary>
    public string Folder => System.IO.Path.GetDirectoryName(Path)!;

    public IReadOnlyList<TRow> Rows { get; }

    public IReadOnlyList<UnreadRow> Unread { get; }

    public string? Problem { get; }

    /// <summary>The rows, for a test that reads a case file itself; fails the test when the file is missing, has no
    /// rows or has rows that do not read.</summary>
    public IReadOnlyList<TRow> RowsOrFail()
    {
        if (Problem is not null) Assert.Fail(Problem);
        if (Unread.Count > 0) Assert.Fail($"{Path}: rows that do not read:\n" + string.Join("\n", Unread));
        return Rows;
    }
}

/// <summary>Reads tab-separated case files: CASES.tsv (a <c>#</c> header naming the columns) and the live oracle
/// tables (no header).</summary>
public static class CaseFile
{
    /// <summary>Reads <paramref name="path"/>. With a <paramref name="header"/> the file's first line must be exactly
    /// <c># </c> plus those column names joined by tabs; other <c>#</c> lines and blank lines are skipped.</summary>
    public static CaseSet<TRow> Read<TRow>(string path, string[]? header, Func<TsvLine, TRow> parse) where TRow : ICaseRow
    {
        if (!File.Exists(path)) return new CaseSet<TRow>(path, [], [], $"{path} is missing");
        var lines = File.ReadAllLines(path);
        if (header is not null)
        {
            var expected = "# " + string.Join('\t', header);
            var first = lines.FirstOrDefault() ?? "";
            if (first != expected) return new CaseSet<TRow>(path, [], [], $"{path}: header '{first}', expected '{expected}'");
        }
        var rows = new List<TRow>();
        var unread = new List<UnreadRow>();
        for (var i = header is null ? 0 : 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#')) continue;
            try
            {
                rows.Add(parse(new TsvLine(i + 1, lines[i])));
            }
            catch (FormatException ex)
            {
                unread.Add(new UnreadRow(i + 1, lines[i], ex.Message));
            }
        }
        var problem = rows.Count == 0 && unread.Count == 0 ? $"{path} has no rows" : null;
        return new CaseSet<TRow>(path, rows, unread, problem);
    }
}

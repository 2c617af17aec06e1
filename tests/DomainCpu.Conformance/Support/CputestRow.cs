namespace DomainCpu.Conformance.Support;

/// <summary>A row of <c>cputestdata/CASES.tsv</c> (libvirt's cputest.c, one line per case; the same columns in every
/// release): <c>test arch input1 input2 parameters expected</c>. <see cref="Input2"/> may name several files
/// (space-separated), <see cref="Parameters"/> is <c>-</c>, <c>key=value</c> (models=, variant=, feature=, json=)
/// optionally followed by a note in parentheses, or a note; <see cref="Expected"/> is a verdict word or a file name
/// optionally followed by a note.</summary>
public sealed record CputestRow(
    string Folder,
    int Line,
    string Test,
    string Arch,
    string Input1,
    string Input2,
    string Parameters,
    string Expected) : ICaseRow
{
    public static readonly string[] Header = ["test", "arch", "input1", "input2", "parameters", "expected"];

    /// <summary>The kinds of case cputest has.</summary>
    public static readonly string[] Tests =
    [
        "compare", "update", "guestcpu", "baseline", "hasfeature", "cpuid-host", "cpuid-guest", "cpuid-json",
        "cpuid-signature", "cpuid-json-signature", "cpuid-updatelive", "cpuid-baseline",
    ];

    /// <summary>The words an expected column holds instead of a file.</summary>
    public static readonly string[] Verdicts = ["IDENTICAL", "SUPERSET", "INCOMPATIBLE", "ERROR", "YES", "NO", "FAIL"];

    /// <summary>The test, its inputs and its parameters (without a note in parentheses): unique in a case file.</summary>
    public string Name => string.Join(' ', new[] { Test, Input1, Input2, Parameters.Split(" (")[0] }.Where(c => c != "-"));

    /// <summary>The files of the input2 column (none for <c>-</c>).</summary>
    public IReadOnlyList<string> Input2Files => Input2 == "-" ? [] : Input2.Split(' ');

    /// <summary>The value of a <c>key=value</c> parameter without its note, or null.</summary>
    public string? Parameter(string key) =>
        Parameters.StartsWith(key + "=", StringComparison.Ordinal) ? Parameters[(key.Length + 1)..].Split(' ')[0] : null;

    /// <summary>The expected verdict word, or null when a file is expected.</summary>
    public string? Verdict => Verdicts.Contains(Expected, StringComparer.Ordinal) ? Expected : null;

    /// <summary>The expected file (the column's first word), or null when a verdict is expected.</summary>
    public string? ExpectedFile => Verdict is null ? Expected.Split(' ')[0] : null;

    /// <summary>Every file of this release's cputestdata the row names.</summary>
    public IEnumerable<string> Files =>
        new[] { Input1 }.Concat(Input2Files).Concat(ExpectedFile is { } e ? [e] : []).Select(f => Path.Combine(Folder, f));

    /// <summary>Reads <c>cputestdata/CASES.tsv</c> of a libvirt release folder.</summary>
    public static CaseSet<CputestRow> Read(string release)
    {
        var folder = Path.Combine(release, "cputestdata");
        return CaseFile.Read(Path.Combine(folder, "CASES.tsv"), Header, line =>
        {
            line.RequireColumns(6, 6);
            var row = new CputestRow(folder, line.Number, line.OneOf(0, Tests), line.Column(1), line.Column(2), line.Column(3),
                line.Column(4), line.Column(5));
            if (row.Input1 == "-") throw new FormatException("input1 is empty");
            if (row.Parameters != "-" && !row.Parameters.Contains('=', StringComparison.Ordinal) && row.Parameters != "host made migratable first")
            {
                throw new FormatException($"parameters '{row.Parameters}' are not key=value");
            }
            return row;
        });
    }
}

namespace DomainCpu.Conformance.Support;

/// <summary>A row of a live oracle's <c>oracle/argv-compare.VARIANT.tsv</c>: what real libvirt gave for a corpus run
/// next to the run's expected <c>.args</c>: <c>name variant verdict expected-cpu got-cpu expected-smp got-smp</c>.
/// <see cref="Variant"/> is the run (<c>fake</c>, <c>x86_64-latest</c>, <c>x86_64-8.0.0</c>, …); a <c>got</c> column
/// holds <c>ERR: message</c> when libvirt refused; <c>-</c> is none.</summary>
public sealed record LiveArgvCompareRow(
    string Folder,
    int Line,
    string Test,
    string Variant,
    string Verdict,
    string? ExpectedCpu,
    string? GotCpu,
    string? ExpectedSmp,
    string? GotSmp) : ICaseRow
{
    public static readonly string[] Verdicts =
    [
        "same", "same-error", "cpu-differs", "smp-differs", "cpu+smp-differ", "expected-ok-got-error", "expected-error-got-ok",
        "other-error",
    ];

    public string Name => $"{Test} {Variant}";

    /// <summary>Reads <c>oracle/argv-compare.VARIANT.tsv</c> of a live folder (variants as <see cref="LiveArgvRow.Variants"/>).</summary>
    public static CaseSet<LiveArgvCompareRow> Read(string live, string variant)
    {
        var folder = Path.Combine(live, "oracle");
        return CaseFile.Read(Path.Combine(folder, $"argv-compare.{variant}.tsv"), null, line =>
        {
            line.RequireColumns(7, 7);
            return new LiveArgvCompareRow(folder, line.Number, line.Column(0), line.Column(1), line.OneOf(2, Verdicts),
                line.Optional(3), line.Optional(4), line.Optional(5), line.Optional(6));
        });
    }
}

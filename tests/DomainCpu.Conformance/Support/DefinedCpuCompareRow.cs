namespace DomainCpu.Conformance.Support;

/// <summary>A row of a live oracle's <c>oracle/defined-cpu-compare.tsv</c>: the <c>&lt;cpu&gt;</c> real libvirt stored
/// on define (<c>oracle/defined/NAME.defined.cpu.xml</c>, or <c>NAME.err</c> when it refused) next to the release's
/// expected XML: <c>name variant verdict</c>, <see cref="Variant"/> null for <c>-</c>.</summary>
public sealed record DefinedCpuCompareRow(string Folder, int Line, string Test, string? Variant, string Verdict) : ICaseRow
{
    public static readonly string[] Verdicts = ["same", "differs", "default-model-added", "define-error"];

    public string Name => Variant is null ? Test : $"{Test} {Variant}";

    /// <summary>The oracle file of the row: the defined <c>&lt;cpu&gt;</c>, or libvirt's refusal.</summary>
    public string OracleFile => Path.Combine(Folder, "defined", Verdict == "define-error" ? $"{Test}.err" : $"{Test}.defined.cpu.xml");

    /// <summary>Reads <c>oracle/defined-cpu-compare.tsv</c> of a live folder.</summary>
    public static CaseSet<DefinedCpuCompareRow> Read(string live)
    {
        var folder = Path.Combine(live, "oracle");
        return CaseFile.Read(Path.Combine(folder, "defined-cpu-compare.tsv"), null, line =>
        {
            line.RequireColumns(3, 3);
            return new DefinedCpuCompareRow(folder, line.Number, line.Column(0), line.Optional(1), line.OneOf(2, Verdicts));
        });
    }
}

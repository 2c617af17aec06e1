namespace DomainCpu.Conformance.Support;

/// <summary>A row of <c>caps/CASES.tsv</c>: <c>file what check</c>, a host capabilities document (path relative to
/// the <c>caps</c> folder), where it comes from, and what libvirt checks of it.</summary>
public sealed record CapsRow(string Folder, int Line, string File, string What, string Check) : ICaseRow
{
    public static readonly string[] Header = ["file", "what", "check"];

    public string Name => File;

    public string FilePath => Path.Combine(Folder, File);

    public IEnumerable<string> Files => [FilePath];

    /// <summary>Reads <c>caps/CASES.tsv</c> of a libvirt release folder.</summary>
    public static CaseSet<CapsRow> Read(string release)
    {
        var folder = Path.Combine(release, "caps");
        return CaseFile.Read(Path.Combine(folder, "CASES.tsv"), Header, line =>
        {
            line.RequireColumns(3, 3);
            return new CapsRow(folder, line.Number, line.Column(0), line.Column(1), line.Column(2));
        });
    }
}

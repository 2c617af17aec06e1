namespace DomainCpu.Conformance.Support;

/// <summary>A row of libvirt 9.0's <c>xml2xml/CASES.tsv</c> (qemuxml2xmltest.c): <c>test input capabilities state
/// expected_file</c>. The input is in the release's <c>xml2argv</c> folder, the expected file in <c>xml2xml</c>.</summary>
public sealed record Xml2XmlRow(
    string Folder,
    int Line,
    string Test,
    string Input,
    string Capabilities,
    string State,
    string ExpectedFile) : ICaseRow
{
    public static readonly string[] Header = ["test", "input", "capabilities", "state", "expected_file"];

    public string Name => Test;

    public CapabilitiesSpec Spec { get; } = CapabilitiesSpec.Parse(Capabilities);

    public string InputPath => Path.GetFullPath(Path.Combine(Folder, "..", "xml2argv", Input));

    public string ExpectedPath => Path.Combine(Folder, ExpectedFile);

    public IEnumerable<string> Files => [InputPath, ExpectedPath];

    /// <summary>Reads <c>xml2xml/CASES.tsv</c> of a libvirt release folder (libvirt 9.0's layout).</summary>
    public static CaseSet<Xml2XmlRow> Read(string release)
    {
        var folder = Path.Combine(release, "xml2xml");
        return CaseFile.Read(Path.Combine(folder, "CASES.tsv"), Header, line =>
        {
            line.RequireColumns(5, 5);
            return new Xml2XmlRow(folder, line.Number, line.Column(0), line.Column(1), line.Column(2),
                line.OneOf(3, "inactive+active", "inactive", "active"), line.Column(4));
        });
    }
}

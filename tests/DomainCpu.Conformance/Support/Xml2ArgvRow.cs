namespace DomainCpu.Conformance.Support;

/// <summary>A row of libvirt 9.0's <c>xml2argv/CASES.tsv</c> (qemuxml2argvtest.c, one line per test run):
/// <c>test input capabilities host_arch host_cpu expect expected_file</c>. <see cref="Expect"/> is <c>ok</c> (an
/// <c>.args</c> file), <c>failure</c> or <c>parse-error</c> (an <c>.err</c> file, or none).</summary>
public sealed record Xml2ArgvRow(
    string Folder,
    int Line,
    string Test,
    string Input,
    string Capabilities,
    string HostArch,
    string HostCpu,
    string Expect,
    string? ExpectedFile) : ICaseRow
{
    public static readonly string[] Header = ["test", "input", "capabilities", "host_arch", "host_cpu", "expect", "expected_file"];

    /// <summary>The expected file names the run (a test runs once per capabilities set); the test and its
    /// capabilities when there is none.</summary>
    public string Name => ExpectedFile ?? $"{Test} [{Capabilities}]";

    public CapabilitiesSpec Spec { get; } = CapabilitiesSpec.Parse(Capabilities);

    public string InputPath => Path.Combine(Folder, Input);

    public string? ExpectedPath => ExpectedFile is null ? null : Path.Combine(Folder, ExpectedFile);

    public IEnumerable<string> Files => ExpectedPath is { } e ? [InputPath, e] : [InputPath];

    /// <summary>Reads <c>xml2argv/CASES.tsv</c> of a libvirt release folder (libvirt 9.0's layout).</summary>
    public static CaseSet<Xml2ArgvRow> Read(string release)
    {
        var folder = Path.Combine(release, "xml2argv");
        return CaseFile.Read(Path.Combine(folder, "CASES.tsv"), Header, line =>
        {
            line.RequireColumns(7, 7);
            var row = new Xml2ArgvRow(folder, line.Number, line.Column(0), line.Column(1), line.Column(2), line.Keyed(3, "hostarch"),
                line.Keyed(4, "hostcpu"), line.OneOf(5, "ok", "failure", "parse-error"), line.Optional(6));
            if (row.Expect == "ok" && row.ExpectedFile?.EndsWith(".args", StringComparison.Ordinal) != true)
            {
                throw new FormatException("an ok run without an .args file");
            }
            return row;
        });
    }
}

namespace DomainCpu.Conformance.Support;

/// <summary>A row of libvirt 9.0's <c>xml2argv/CASES.tsv</c> (qemuxml2argvtest.c, one line per test run): the
/// shared columns (<see cref="QemuTestRun"/>) and <c>expected_file</c>: an <c>.args</c> file for <c>ok</c>, an
/// <c>.err</c> file or none for <c>failure</c> and <c>parse-error</c>.</summary>
public sealed record Xml2ArgvRow(QemuTestRun Run, int Line, string? ExpectedFile) : QemuTestRunRow(Run, Line)
{
    public static readonly string[] Header = [.. QemuTestRun.Header, "expected_file"];

    /// <summary>The expected file names the run (a test runs once per capabilities set); the test and its
    /// capabilities when there is none.</summary>
    public override string Name => Run.NameOr(ExpectedFile);

    public string? ExpectedPath => Run.PathOf(ExpectedFile);

    public IEnumerable<string> Files => ExpectedPath is { } e ? [InputPath, e] : [InputPath];

    /// <summary>Reads <c>xml2argv/CASES.tsv</c> of a libvirt release folder (libvirt 9.0's layout).</summary>
    public static CaseSet<Xml2ArgvRow> Read(string release)
    {
        var folder = Path.Combine(release, "xml2argv");
        return CaseFile.Read(Path.Combine(folder, "CASES.tsv"), Header, line =>
        {
            var row = new Xml2ArgvRow(QemuTestRun.Read(folder, line, Header.Length), line.Number, line.Optional(6));
            if (row.Expect == "ok" && row.ExpectedFile?.EndsWith(".args", StringComparison.Ordinal) != true)
            {
                throw new FormatException("an ok run without an .args file");
            }
            return row;
        });
    }
}

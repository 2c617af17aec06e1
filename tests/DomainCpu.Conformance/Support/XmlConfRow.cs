namespace DomainCpu.Conformance.Support;

/// <summary>A row of <c>xmlconf/CASES.tsv</c> (libvirt 11.3 and later: qemuxmlconftest.c, one line per test run):
/// <c>test input capabilities host_arch host_cpu expect expected_argv_or_err expected_xml</c>. <see cref="Expect"/> is
/// <c>ok</c> (<c>.args</c> and <c>.xml</c>), <c>failure</c> (<c>.err</c> or none, and <c>.xml</c>) or
/// <c>parse-error</c> (<c>.err</c>, no <c>.xml</c>). The capabilities are always <c>real:</c> with a
/// <c>caps_file=</c> in the release's <c>caps/qemucapabilitiesdata</c>.</summary>
public sealed record XmlConfRow(
    string Folder,
    int Line,
    string Test,
    string Input,
    string Capabilities,
    string HostArch,
    string HostCpu,
    string Expect,
    string? ExpectedArgvOrErr,
    string? ExpectedXml) : ICaseRow
{
    public static readonly string[] Header =
        ["test", "input", "capabilities", "host_arch", "host_cpu", "expect", "expected_argv_or_err", "expected_xml"];

    /// <summary>The run's expected file names it (several runs of a test differ in it); the test and its capabilities
    /// when the run has none.</summary>
    public string Name => ExpectedArgvOrErr ?? ExpectedXml ?? $"{Test} [{Capabilities}]";

    public CapabilitiesSpec Spec { get; } = CapabilitiesSpec.Parse(Capabilities);

    public string InputPath => Path.Combine(Folder, Input);

    public string? ExpectedArgvOrErrPath => ExpectedArgvOrErr is null ? null : Path.Combine(Folder, ExpectedArgvOrErr);

    public string? ExpectedXmlPath => ExpectedXml is null ? null : Path.Combine(Folder, ExpectedXml);

    /// <summary>The recorded QEMU probe of the run (<c>caps/qemucapabilitiesdata/</c> + <c>caps_file=</c>).</summary>
    public string CapsPath => Path.GetFullPath(Path.Combine(Folder, "..", "caps", "qemucapabilitiesdata", Spec.CapsFile!));

    public IEnumerable<string> Files => new[] { InputPath, CapsPath, ExpectedArgvOrErrPath, ExpectedXmlPath }.OfType<string>();

    /// <summary>Reads <c>xmlconf/CASES.tsv</c> of a libvirt release folder (libvirt 11.3's layout).</summary>
    public static CaseSet<XmlConfRow> Read(string release)
    {
        var folder = Path.Combine(release, "xmlconf");
        return CaseFile.Read(Path.Combine(folder, "CASES.tsv"), Header, line =>
        {
            line.RequireColumns(8, 8);
            var row = new XmlConfRow(folder, line.Number, line.Column(0), line.Column(1), line.Column(2), line.Keyed(3, "hostarch"),
                line.Keyed(4, "hostcpu"), line.OneOf(5, "ok", "failure", "parse-error"), line.Optional(6), line.Optional(7));
            if (!row.Spec.Real || row.Spec.CapsFile is null) throw new FormatException("capabilities are not real: with a caps_file=");
            if (row.Expect == "ok" && (row.ExpectedArgvOrErr?.EndsWith(".args", StringComparison.Ordinal) != true || row.ExpectedXml is null))
            {
                throw new FormatException("an ok run without an .args and an .xml file");
            }
            if (row.Expect == "parse-error" && row.ExpectedXml is not null) throw new FormatException("a parse-error run with an .xml file");
            return row;
        });
    }
}

namespace DomainCpu.Conformance.Support;

/// <summary>A row of <c>xmlconf/CASES.tsv</c> (libvirt 11.3 and later: qemuxmlconftest.c, one line per test run): the
/// shared columns (<see cref="QemuTestRun"/>), <c>expected_argv_or_err</c> and <c>expected_xml</c>. <c>ok</c> has
/// <c>.args</c> and <c>.xml</c>, <c>failure</c> <c>.err</c> or none and <c>.xml</c>, <c>parse-error</c> <c>.err</c>
/// and no <c>.xml</c>. The capabilities are always <c>real:</c> with a <c>caps_file=</c> in the release's
/// <c>caps/qemucapabilitiesdata</c>.</summary>
public sealed record XmlConfRow(QemuTestRun Run, int Line, string? ExpectedArgvOrErr, string? ExpectedXml) : QemuTestRunRow(Run, Line)
{
    public static readonly string[] Header = [.. QemuTestRun.Header, "expected_argv_or_err", "expected_xml"];

    /// <summary>The run's expected file names it (several runs of a test differ in it); the test and its capabilities
    /// when the run has none.</summary>
    public override string Name => Run.NameOr(ExpectedArgvOrErr ?? ExpectedXml);

    public string? ExpectedArgvOrErrPath => Run.PathOf(ExpectedArgvOrErr);

    public string? ExpectedXmlPath => Run.PathOf(ExpectedXml);

    /// <summary>The recorded QEMU probe of the run (<c>caps/qemucapabilitiesdata/</c> + <c>caps_file=</c>).</summary>
    public string CapsPath => Path.GetFullPath(Path.Combine(Folder, "..", "caps", "qemucapabilitiesdata", Spec.CapsFile!));

    public IEnumerable<string> Files => new[] { InputPath, CapsPath, ExpectedArgvOrErrPath, ExpectedXmlPath }.OfType<string>();

    /// <summary>Reads <c>xmlconf/CASES.tsv</c> of a libvirt release folder (libvirt 11.3's layout).</summary>
    public static CaseSet<XmlConfRow> Read(string release)
    {
        var folder = Path.Combine(release, "xmlconf");
        return CaseFile.Read(Path.Combine(folder, "CASES.tsv"), Header, line =>
        {
            var row = new XmlConfRow(QemuTestRun.Read(folder, line, Header.Length), line.Number, line.Optional(6), line.Optional(7));
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

namespace DomainCpu.Conformance.Support;

/// <summary>A row of <c>domaincaps/CASES.tsv</c> (domaincapstest.c): <c>qemu_caps_input virttype machine
/// expected_file</c>, and from libvirt 11.3 on a <c>caps_variant</c> column before the expected file. The input is in
/// the release's <c>caps/qemucapabilitiesdata</c>.</summary>
public sealed record DomainCapsRow(
    string Folder,
    int Line,
    string QemuCapsInput,
    string VirtType,
    string? Machine,
    string? CapsVariant,
    string ExpectedFile) : ICaseRow
{
    public static readonly string[] Header = ["qemu_caps_input", "virttype", "machine", "expected_file"];

    public static readonly string[] HeaderWithVariant = ["qemu_caps_input", "virttype", "machine", "caps_variant", "expected_file"];

    public string Name => ExpectedFile;

    public string CapsPath => Path.GetFullPath(Path.Combine(Folder, "..", "caps", "qemucapabilitiesdata", QemuCapsInput));

    public string ExpectedPath => Path.Combine(Folder, ExpectedFile);

    public IEnumerable<string> Files => [CapsPath, ExpectedPath];

    /// <summary>Reads <c>domaincaps/CASES.tsv</c> of a libvirt release folder, in either column layout.
    /// <see cref="Machine"/> is null for the QEMU default (<c>(default)</c>), <see cref="CapsVariant"/> for none
    /// (<c>-</c> or no such column).</summary>
    public static CaseSet<DomainCapsRow> Read(string release)
    {
        var folder = Path.Combine(release, "domaincaps");
        var path = Path.Combine(folder, "CASES.tsv");
        var withVariant = File.Exists(path) && File.ReadLines(path).FirstOrDefault()?.Contains("caps_variant", StringComparison.Ordinal) == true;
        return CaseFile.Read(path, withVariant ? HeaderWithVariant : Header, line =>
        {
            var n = withVariant ? 5 : 4;
            line.RequireColumns(n, n);
            var machine = line.Keyed(2, "machine");
            var variant = withVariant ? line.Keyed(3, "variant") : "-";
            return new DomainCapsRow(folder, line.Number, line.Column(0), line.Keyed(1, "virttype"), machine == "(default)" ? null : machine,
                variant == "-" ? null : variant, line.Column(n - 1));
        });
    }
}

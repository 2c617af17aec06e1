namespace DomainCpu.Conformance.Support;

/// <summary>A row of a live oracle's <c>oracle/lifecycle.tcg.tsv</c>: <c>file status message</c>, a corpus domain
/// (relative to the libvirt release folder the oracle ran) defined, started paused and destroyed by real libvirt
/// (TCG, <c>type='kvm'</c> read as <c>qemu</c>). <see cref="Status"/> is <c>ok</c> (the <c>&lt;cpu&gt;</c> after
/// define, while running and after stop are in <c>oracle/lifecycle/</c>), <c>start-error</c> (only the defined one)
/// or <c>define-error</c> (none); <see cref="Message"/> is libvirt's refusal.</summary>
public sealed record LifecycleRow(string Folder, int Line, string File, string Status, string? Message) : ICaseRow
{
    public static readonly string[] Statuses = ["ok", "start-error", "define-error"];

    public string Name => Path.GetFileNameWithoutExtension(File);

    /// <summary>The <c>&lt;cpu&gt;</c> libvirt showed at a stage: <c>defined</c>, <c>live</c> or <c>stopped</c>.</summary>
    public string CpuAt(string stage) => Path.Combine(Folder, "lifecycle", $"{Name}.{stage}.cpu.xml");

    /// <summary>The oracle files this row promises.</summary>
    public IEnumerable<string> Files => Status switch
    {
        "ok" => [CpuAt("defined"), CpuAt("live"), CpuAt("stopped")],
        "start-error" => [CpuAt("defined")],
        _ => [],
    };

    /// <summary>Reads <c>oracle/lifecycle.tcg.tsv</c> of a live folder.</summary>
    public static CaseSet<LifecycleRow> Read(string live)
    {
        var folder = Path.Combine(live, "oracle");
        return CaseFile.Read(Path.Combine(folder, "lifecycle.tcg.tsv"), null, line =>
        {
            line.RequireColumns(2, 3);
            var status = line.OneOf(1, Statuses);
            var message = line.Field(2);
            if ((status == "ok") != (message.Length == 0)) throw new FormatException(status == "ok" ? "an ok row with a message" : "a refusal without libvirt's message");
            return new LifecycleRow(folder, line.Number, line.Column(0), status, message.Length == 0 ? null : message);
        });
    }
}

namespace DomainCpu.Conformance.Support;

/// <summary>A row of a live oracle's <c>oracle/argv.VARIANT.tsv</c> (<c>virsh domxml-to-native qemu-argv</c> on a
/// corpus domain): <c>file ok|error -cpu -smp -accel [error]</c>, <c>-</c> for an option QEMU did not get.
/// <see cref="File"/> is relative to the libvirt release folder whose domains the oracle ran.</summary>
public sealed record LiveArgvRow(string Folder, int Line, string File, bool Ok, string? Cpu, string? Smp, string? Accel, string? Error) : ICaseRow
{
    /// <summary>The variants recorded: as the domains are (<c>tcg</c>), and with <c>type='kvm'</c> read as
    /// <c>qemu</c> (<c>tcg-kvm-as-qemu</c>).</summary>
    public static readonly string[] Variants = ["tcg", "tcg-kvm-as-qemu"];

    public string Name => System.IO.Path.GetFileNameWithoutExtension(File);

    /// <summary>Reads <c>oracle/argv.VARIANT.tsv</c> of a live folder.</summary>
    public static CaseSet<LiveArgvRow> Read(string live, string variant)
    {
        var folder = System.IO.Path.Combine(live, "oracle");
        return CaseFile.Read(System.IO.Path.Combine(folder, $"argv.{variant}.tsv"), null, line =>
        {
            line.RequireColumns(5, 6);
            var ok = line.OneOf(1, "ok", "error") == "ok";
            var error = ok ? null : line.Column(5);
            if (ok) line.RequireColumns(5, 5);
            return new LiveArgvRow(folder, line.Number, line.Column(0), ok, line.Optional(2), line.Optional(3), line.Optional(4), error);
        });
    }
}

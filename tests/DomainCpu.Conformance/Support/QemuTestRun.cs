namespace DomainCpu.Conformance.Support;

/// <summary>The columns every QEMU driver test run of libvirt's case files starts with, read once for
/// <see cref="Xml2ArgvRow"/> (libvirt 9.0's qemuxml2argvtest.c) and <see cref="XmlConfRow"/> (libvirt 11.3's
/// qemuxmlconftest.c): <c>test input capabilities host_arch host_cpu expect</c>. <see cref="Expect"/> is <c>ok</c>,
/// <c>failure</c> or <c>parse-error</c>; each file adds its expected files after them.</summary>
/// <param name="Folder">The case file's folder, which the file names are relative to.</param>
public sealed record QemuTestRun(string Folder, string Test, string Input, string Capabilities, string HostArch, string HostCpu, string Expect)
{
    /// <summary>The header of the shared columns.</summary>
    public static readonly string[] Header = ["test", "input", "capabilities", "host_arch", "host_cpu", "expect"];

    public CapabilitiesSpec Spec { get; } = CapabilitiesSpec.Parse(Capabilities);

    public string InputPath => Path.Combine(Folder, Input);

    /// <summary>A file of the case folder, or null for none.</summary>
    public string? PathOf(string? file) => file is null ? null : Path.Combine(Folder, file);

    /// <summary>A run's name: its expected file (several runs of a test differ in it), else the test and its
    /// capabilities.</summary>
    public string NameOr(string? expectedFile) => expectedFile ?? $"{Test} [{Capabilities}]";

    /// <summary>Reads the shared columns of <paramref name="line"/>, which must have <paramref name="columns"/>.</summary>
    public static QemuTestRun Read(string folder, TsvLine line, int columns)
    {
        line.RequireColumns(columns, columns);
        return new QemuTestRun(folder, line.Column(0), line.Column(1), line.Column(2), line.Keyed(3, "hostarch"),
            line.Keyed(4, "hostcpu"), line.OneOf(5, "ok", "failure", "parse-error"));
    }
}

/// <summary>A row of a QEMU driver case file: the shared columns (<see cref="QemuTestRun"/>), by name.</summary>
public abstract record QemuTestRunRow(QemuTestRun Run, int Line) : ICaseRow
{
    public abstract string Name { get; }

    public string Folder => Run.Folder;

    public string Test => Run.Test;

    public string Input => Run.Input;

    public string Capabilities => Run.Capabilities;

    public string HostArch => Run.HostArch;

    public string HostCpu => Run.HostCpu;

    public string Expect => Run.Expect;

    public CapabilitiesSpec Spec => Run.Spec;

    public string InputPath => Run.InputPath;
}

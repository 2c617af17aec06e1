using DomainCpu.Targets;

namespace DomainCpu.Cli;

/// <summary>The process edges a command may touch: standard streams and the file system root for temp files.
/// Tests run commands in-process with memory streams.</summary>
internal sealed class CliContext(Stream stdin, Stream stdout, TextWriter stderr)
{
    public Stream Stdin { get; } = stdin;
    public Stream Stdout { get; } = stdout;
    public TextWriter Stderr { get; } = stderr;

    /// <summary>Set by --debug: show stack traces of unexpected failures.</summary>
    public bool Debug { get; set; }

    /// <summary>The unexpected exception (a bug, reported as "internal error") of the last command, kept with
    /// its original type and stack so the fuzzer and tests can tell a crash from a finding.</summary>
    public Exception? Unexpected { get; set; }

    /// <summary>Opens the temp file of an atomic write; null for the real disk. Tests pass a failing stream to
    /// simulate a full disk or a read-only folder.</summary>
    public Func<string, Stream>? OpenTempFile { get; init; }

    /// <summary>Everything a command prints on success is collected here and written only at the end, so
    /// that stdout stays empty when the command fails.</summary>
    public MemoryStream Pending { get; } = new();

    public void Write(byte[] bytes) => Pending.Write(bytes, 0, bytes.Length);

    public void WriteText(string text) => Write(new System.Text.UTF8Encoding(false).GetBytes(text));

    public void WriteLine(string text) => WriteText(text + "\n");

    /// <summary>Where this host's libvirt installation is looked for (<c>/</c> for the real command; null in tests, which
    /// must not depend on what the machine has installed). <c>DOMAINCPU_HOST_ROOT</c> points it elsewhere (a chroot's
    /// directory, to answer as the libvirt installed there).</summary>
    public string? HostRoot { get; init; }

    private HostInstallation? _host;
    private bool _hostLooked;
    private readonly HashSet<string> _notes = new(StringComparer.Ordinal);

    /// <summary>This host's libvirt installation, looked for once; null when none is installed or <see cref="HostRoot"/>
    /// is null.</summary>
    public HostInstallation? Host
    {
        get
        {
            if (!_hostLooked)
            {
                _host = HostRoot is null ? null : HostInstallation.Discover(HostRoot);
                _hostLooked = true;
            }
            return _host;
        }
    }

    /// <summary>Writes a note to stderr, once per process however often it is asked for.</summary>
    public void NoteOnce(string note)
    {
        if (_notes.Add(note)) Stderr.WriteLine(note);
    }

    public static CliContext Console() =>
        new(System.Console.OpenStandardInput(), System.Console.OpenStandardOutput(), System.Console.Error)
        {
            HostRoot = Environment.GetEnvironmentVariable("DOMAINCPU_HOST_ROOT") is { Length: > 0 } root ? root : "/",
        };
}

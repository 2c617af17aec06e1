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

    /// <summary>Whether stderr is a terminal (a progress line is shown only there).</summary>
    public bool StderrIsTerminal { get; init; }

    /// <summary>How long reading a pool may take before a progress line is shown.</summary>
    public TimeSpan ProgressAfter { get; init; } = TimeSpan.FromSeconds(1);

    public static CliContext Console() =>
        new(System.Console.OpenStandardInput(), System.Console.OpenStandardOutput(), System.Console.Error)
        {
            StderrIsTerminal = !System.Console.IsErrorRedirected,
        };
}

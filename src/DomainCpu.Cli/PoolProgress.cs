using System.Diagnostics;

namespace DomainCpu.Cli;

/// <summary>
/// A progress line on stderr while a pool is read: shown only when reading takes longer than
/// <see cref="CliContext.ProgressAfter"/>, only when stderr is a terminal, never with <c>--quiet</c>; rewritten in
/// place at most ten times a second and cleared when the pool is read.
/// </summary>
internal sealed class PoolProgress : IDisposable
{
    private static readonly long Interval = Stopwatch.Frequency / 10;

    private readonly TextWriter? _stderr;
    private readonly long _after;
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _next;
    private long _hosts;
    private int _files;
    private int _lastSource = -1;
    private int _shown;

    private PoolProgress(TextWriter? stderr, TimeSpan after)
    {
        _stderr = stderr;
        _after = (long)(after.TotalSeconds * Stopwatch.Frequency);
        _next = _start + _after;
    }

    /// <summary>The progress of one command: silent with <paramref name="quiet"/> or when stderr is not a terminal.</summary>
    public static PoolProgress Start(CliContext ctx, bool quiet) =>
        new(quiet || !ctx.StderrIsTerminal ? null : ctx.Stderr, ctx.ProgressAfter);

    /// <summary>One more host CPU, from the input numbered <paramref name="source"/>.</summary>
    public void Host(int source)
    {
        _hosts++;
        if (source != _lastSource)
        {
            _lastSource = source;
            _files++;
        }
        if (_stderr is null || (_hosts & 63) != 0) return;
        var now = Stopwatch.GetTimestamp();
        if (now < _next) return;
        _next = now + Interval;
        var line = $"domaincpu: {_hosts:N0} host CPUs read from {_files:N0} {(_files == 1 ? "file" : "files")} ({(double)(now - _start) / Stopwatch.Frequency:F1} s)";
        _stderr.Write("\r" + line.PadRight(_shown));
        _stderr.Flush();
        _shown = line.Length;
    }

    /// <summary>Clears the line, if one was shown.</summary>
    public void Dispose()
    {
        if (_shown == 0) return;
        _stderr!.Write("\r" + new string(' ', _shown) + "\r");
        _stderr.Flush();
        _shown = 0;
    }
}

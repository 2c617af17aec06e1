using System.Runtime.ExceptionServices;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Xml;

namespace DomainCpu.Cli;

/// <summary>
/// The host CPUs of a pool, one after the other: files, directories (each <c>*.xml</c> file in them, in name
/// order) and standard input, each holding one CPU or many (bare <c>&lt;cpu&gt;</c> elements, host capabilities
/// documents, several documents one after the other). Inputs are streamed by <see cref="HostCpuPoolReader"/>, so
/// memory does not grow with the pool; an input it gives up on is read the general way (<see cref="CpuInput.ReadAll"/>),
/// which gives the same CPUs. A pool of many files has its small files read on helper threads too; the CPUs, and the
/// first refusal, still come in the order of the files.
/// </summary>
internal static class CpuPool
{
    /// <summary>One input of a pool: its name as the user gave it (or the directory's path and the file's name), and
    /// for a file listed in a directory, its full path (it exists, and is opened without the checks of a named
    /// file).</summary>
    public sealed record Source(string Path, string? ListedPath);

    /// <summary>The inputs the paths name: a directory stands for the files named <c>*.xml</c> directly in it,
    /// sorted by name (ordinal); <c>-</c> is standard input.</summary>
    /// <exception cref="CliUsageException">A directory cannot be listed or has no such file.</exception>
    public static List<Source> Sources(IEnumerable<string> paths)
    {
        var sources = new List<Source>();
        foreach (var path in paths)
        {
            if (path == "-" || path.Length == 0 || path.Contains('\0') || !Directory.Exists(path))
            {
                sources.Add(new Source(path, null));
                continue;
            }
            var full = InputFiles.Reading(path, () => Directory.GetFiles(System.IO.Path.GetFullPath(path), "*.xml", SearchOption.TopDirectoryOnly));
            if (full.Length == 0) throw new CliUsageException($"{path}: a directory without *.xml files");
            Array.Sort(full, StringComparer.Ordinal);
            sources.AddRange(full.Select(f => new Source(System.IO.Path.Combine(path, System.IO.Path.GetFileName(f)), f)));
        }
        return sources;
    }

    /// <summary>Every host CPU of the inputs, in order; each carries the index of its input (<see cref="CpuInput.Source"/>).</summary>
    /// <exception cref="DomainCpuException">An input is refused (the finding names it and where).</exception>
    /// <exception cref="CliUsageException">An input cannot be read.</exception>
    public static IEnumerable<CpuInput> Read(CliContext ctx, IEnumerable<string> paths, PoolProgress progress)
    {
        var sources = Sources(paths);
        using var ahead = sources.Count >= 16 && Environment.ProcessorCount > 1 ? new ReadAhead(sources) : null;
        using var reader = new HostCpuPoolReader();
        for (var i = 0; i < sources.Count; i++)
        {
            foreach (var cpu in (IEnumerable<CpuInput>?)ahead?.Take(i, reader) ?? Stream(ctx, reader, sources[i], i))
            {
                progress.Host(i);
                yield return cpu;
            }
        }
    }

    /// <summary>Reads an input as a stream: CPU by CPU, the general way from the start if the reader gives up.</summary>
    private static IEnumerable<CpuInput> Stream(CliContext ctx, HostCpuPoolReader reader, Source source, int index)
    {
        var path = source.Path;
        var stdin = path == "-" ? new SpooledInput(ctx.Stdin) : null;
        using var stream = stdin ?? Open(source);
        reader.Start(stream);
        while (Next(reader, path, out var cpu, out var position)) yield return new CpuInput(cpu, path, position) { Source = index };
        if (!reader.GaveUp) yield break;
        // Its first CPUs are the ones already given.
        var bytes = stdin?.All() ?? InputFiles.ReadBytes(path);
        foreach (var input in CpuInput.ReadAll(bytes, path).Skip(reader.CpusRead)) yield return input with { Source = index };
    }

    private static Stream Open(Source source) =>
        source.ListedPath is { } listed
            ? InputFiles.Reading(source.Path, () => (Stream?)FileInput.Open(listed)) ?? InputFiles.OpenRead(source.Path)
            : InputFiles.OpenRead(source.Path);

    private static bool Next(HostCpuPoolReader reader, string path, out CpuDefinition cpu, out SourcePosition position)
    {
        var found = false;
        CpuDefinition? c = null;
        var p = default(SourcePosition);
        InputFiles.Reading(path, () => found = reader.Read(out c, out p));
        cpu = c!;
        position = p;
        return found;
    }

    /// <summary>
    /// Reads the small files of a pool on helper threads (one fewer than the cores) and on the caller's, each file
    /// whole (its CPUs, or its refusal), at most <see cref="Window"/> files ahead of the caller, which takes them in
    /// order: a file no helper has claimed yet, it reads itself rather than wait. Files the helpers leave to it
    /// (standard input, named files, large files), it streams.
    /// </summary>
    private sealed class ReadAhead : IDisposable
    {
        private const long SmallFile = 1 << 20;
        private const int Window = 64;
        private static readonly Result Caller = new(null, null);

        private readonly List<Source> _sources;
        private readonly Result?[] _results;
        private readonly Thread[] _threads;
        private readonly object _lock = new();
        private int _next;
        private int _taken;
        private int _waiting;
        private int _wanted = -1;
        private bool _stopped;

        private sealed record Result(List<CpuInput>? Cpus, ExceptionDispatchInfo? Error);

        public ReadAhead(List<Source> sources)
        {
            _sources = sources;
            _results = new Result?[sources.Count];
            _threads = Enumerable.Range(0, Math.Clamp(Environment.ProcessorCount - 1, 1, 3)).Select(_ => new Thread(Work) { IsBackground = true }).ToArray();
            foreach (var t in _threads) t.Start();
        }

        /// <summary>The CPUs of input <paramref name="index"/>, or null when the caller is to stream it.</summary>
        /// <exception cref="Exception">The refusal reading it met.</exception>
        public List<CpuInput>? Take(int index, HostCpuPoolReader reader)
        {
            Result? result;
            lock (_lock)
            {
                while ((result = _results[index]) is null && _next != index)
                {
                    _wanted = index;
                    Wait();
                }
                _wanted = -1;
                if (result is null) _next++;
                _results[index] = null;
                _taken = index + 1;
                // Helpers waiting for room go on once half the window is free, not for every file taken: a
                // hand-over per file costs more than reading the file.
                if (_waiting > 0 && _next < _taken + Window / 2) Monitor.PulseAll(_lock);
            }
            result ??= ReadWhole(reader, _sources[index], index);
            result.Error?.Throw();
            return result.Cpus;
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _stopped = true;
                Monitor.PulseAll(_lock);
            }
            foreach (var t in _threads) t.Join();
        }

        private void Wait()
        {
            _waiting++;
            Monitor.Wait(_lock);
            _waiting--;
        }

        private void Work()
        {
            using var reader = new HostCpuPoolReader();
            while (true)
            {
                int index;
                lock (_lock)
                {
                    if (_next < _sources.Count && _next >= _taken + Window)
                    {
                        while (!_stopped && _next >= _taken + Window / 2) Wait();
                    }
                    if (_stopped || _next >= _sources.Count) return;
                    index = _next++;
                }
                var result = ReadWhole(reader, _sources[index], index);
                lock (_lock)
                {
                    _results[index] = result;
                    if (index == _wanted) Monitor.PulseAll(_lock);
                }
            }
        }

        private static Result ReadWhole(HostCpuPoolReader reader, Source source, int index)
        {
            if (source.ListedPath is not { } listed) return Caller;
            try
            {
                var cpus = new List<CpuInput>();
                using (var file = InputFiles.Reading(source.Path, () => FileInput.Open(listed)))
                {
                    if (file is null || file.Length > SmallFile) return Caller;
                    reader.Start(file);
                    while (Next(reader, source.Path, out var cpu, out var position)) cpus.Add(new CpuInput(cpu, source.Path, position) { Source = index });
                    if (!reader.GaveUp) return new Result(cpus, null);
                }
                var general = CpuInput.ReadAll(InputFiles.ReadBytes(source.Path), source.Path);
                return new Result(general.Select(c => c with { Source = index }).ToList(), null);
            }
            catch (Exception ex)
            {
                return new Result(null, ExceptionDispatchInfo.Capture(ex));
            }
        }
    }

    /// <summary>Standard input, read once, with a copy of what was read kept (up to the document size limit) for the
    /// general reader, should the streaming reader give up.</summary>
    private sealed class SpooledInput(Stream inner) : Stream
    {
        private static readonly long Limit = InputLimits.Default.MaxDocumentBytes;
        private MemoryStream? _copy = new();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            if (_copy is not null)
            {
                if (_copy.Length + n > Limit) _copy = null;
                else _copy.Write(buffer, offset, n);
            }
            return n;
        }

        /// <summary>The whole input: what was read and the rest, as <see cref="InputReader.ReadAll"/> would have read it.</summary>
        /// <exception cref="DomainCpuException">The input is larger than the document size limit.</exception>
        public byte[] All()
        {
            var buffer = new byte[81920];
            while (_copy is not null && Read(buffer, 0, buffer.Length) > 0)
            {
            }
            return _copy?.ToArray() ?? throw InputReader.TooLarge("-");
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

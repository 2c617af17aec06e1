using Microsoft.Win32.SafeHandles;

namespace DomainCpu.Cli;

/// <summary>
/// A regular file read forward through its handle, up to the length it had when opened: no buffer of its own (the
/// pool reader has its window) and no read past the end to learn that it is the end. Reading thousands of small
/// files, those are system calls worth saving.
/// </summary>
internal sealed class FileInput : Stream
{
    private readonly SafeFileHandle _handle;
    private long _length;
    private long _position;

    private FileInput(SafeFileHandle handle, long length)
    {
        _handle = handle;
        _length = length;
    }

    /// <summary>Opens a file that is known to exist (listed in a directory); null when it is not a regular file
    /// (a FIFO has no length to trust), so the caller opens it as a stream.</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static FileInput? Open(string fullPath)
    {
        var handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return new FileInput(handle, RandomAccess.GetLength(handle));
        }
        catch (NotSupportedException)
        {
            handle.Dispose();
            return null;
        }
    }

    /// <summary>The file's length when it was opened.</summary>
    public override long Length => _length;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= _length) return 0;
        var n = RandomAccess.Read(_handle, buffer[..(int)Math.Min(buffer.Length, _length - _position)], _position);
        // A file that shrank since it was opened ends where the read ended.
        if (n == 0) _length = _position;
        _position += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _handle.Dispose();
        base.Dispose(disposing);
    }
}

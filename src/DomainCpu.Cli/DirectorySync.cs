using System.Runtime.InteropServices;

namespace DomainCpu.Cli;

/// <summary>
/// Flushes a folder's entries to disk, so a rename into it survives a power loss. .NET cannot open a folder as a
/// file handle, hence three libc calls (source-generated, so NativeAOT keeps them), on Linux only.
/// </summary>
internal static partial class DirectorySync
{
    /// <summary>fsyncs <paramref name="dir"/>; true when it was flushed, false where that is not possible
    /// (another system, a folder that cannot be opened, a file system that does not sync folders).</summary>
    public static bool Flush(string dir)
    {
        if (!OperatingSystem.IsLinux()) return false;
        var fd = Open(dir, ReadOnly);
        if (fd < 0) return false;
        try
        {
            return Fsync(fd) == 0;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>O_RDONLY: enough to fsync a folder, and the same value on every architecture.</summary>
    private const int ReadOnly = 0;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}

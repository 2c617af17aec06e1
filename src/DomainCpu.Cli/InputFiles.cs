using DomainCpu.Xml;

namespace DomainCpu.Cli;

/// <summary>Reads command inputs: a path, or <c>-</c> for standard input.</summary>
internal static class InputFiles
{
    public static DomainDocument Load(CliContext ctx, string path) => DomainDocument.Load(LoadBytes(ctx, path), path);

    public static byte[] LoadBytes(CliContext ctx, string path) =>
        path == "-" ? InputReader.ReadAll(ctx.Stdin, "-") : ReadBytes(path);

    public static byte[] ReadBytes(string path)
    {
        using var s = OpenRead(path);
        return Reading(path, () => InputReader.ReadAll(s, path));
    }

    /// <summary>Opens a file to read it forward, unbuffered (the reader has its own window).</summary>
    public static Stream OpenRead(string path)
    {
        // An empty name, or one with a NUL, is not a path the file system can be asked about.
        if (path.Length == 0) throw new CliUsageException("empty file name");
        if (path.Contains('\0')) throw new CliUsageException($"{path.Replace('\0', '?')}: invalid file name");
        return Reading(path, () =>
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new CliUsageException(Directory.Exists(path) ? $"{path}: is a directory" : $"{path}: no such file");
            }
            return (Stream)new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        });
    }

    /// <summary>Runs a read of <paramref name="path"/>, turning the file system's refusals into usage errors.</summary>
    public static T Reading<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliUsageException($"{path}: permission denied");
        }
        catch (IOException ex)
        {
            throw new CliUsageException($"{path}: {ex.Message}");
        }
    }
}

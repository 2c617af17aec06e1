namespace DomainCpu.Cli;

/// <summary>
/// Writes a file so that it is either wholly replaced or left as it was: a temp file in the same folder,
/// flushed to disk, then renamed over the target. A failure at any step removes the temp file.
/// </summary>
internal static class AtomicFile
{
    /// <summary>How temp files are opened in the current flow; a context may replace it to simulate a failing
    /// disk (see <see cref="CliContext.OpenTempFile"/>).</summary>
    private static readonly AsyncLocal<Func<string, Stream>?> OpenOverride = new();

    /// <summary>Runs <paramref name="body"/> with temp files opened by <paramref name="openTemp"/> (null: the real disk).</summary>
    public static T With<T>(Func<string, Stream>? openTemp, Func<T> body)
    {
        var previous = OpenOverride.Value;
        OpenOverride.Value = openTemp;
        try
        {
            return body();
        }
        finally
        {
            OpenOverride.Value = previous;
        }
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    /// <param name="path">The file to replace.</param>
    /// <param name="bytes">The new content.</param>
    /// <param name="openTemp">Opens the temp file for writing (tests pass a failing stream here).</param>
    public static void Write(string path, byte[] bytes, Func<string, Stream>? openTemp = null)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? ".";
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var s = (openTemp ?? OpenOverride.Value ?? OpenTemp)(temp))
            {
                s.Write(bytes, 0, bytes.Length);
                s.Flush();
                if (s is FileStream fs) fs.Flush(flushToDisk: true);
            }
            if (File.Exists(full) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(full));
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new CliUsageException($"{path}: cannot write: {ex.Message}");
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static Stream OpenTemp(string temp) =>
        new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None);

    private static void TryDelete(string temp)
    {
        try
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

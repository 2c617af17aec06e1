namespace DomainCpu.Cli;

/// <summary>
/// Writes a file so that it is either wholly replaced or left as it was: a temp file in the same folder,
/// flushed to disk, renamed over the target, then the folder flushed. The file mode is kept, a symbolic link
/// stays a link. A failure at any step removes the temp file.
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

    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/>. A symbolic link stays a link: the
    /// file it finally points to is replaced, with the temp file beside that file so the rename stays atomic.</summary>
    /// <param name="path">The file to replace.</param>
    /// <param name="bytes">The new content.</param>
    /// <param name="openTemp">Opens the temp file for writing (tests pass a failing stream here).</param>
    public static void Write(string path, byte[] bytes, Func<string, Stream>? openTemp = null)
    {
        string? temp = null;
        try
        {
            var target = FinalTarget(Path.GetFullPath(path));
            var dir = Path.GetDirectoryName(target) ?? ".";
            temp = Path.Combine(dir, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            using (var s = (openTemp ?? OpenOverride.Value ?? OpenTemp)(temp))
            {
                s.Write(bytes, 0, bytes.Length);
                s.Flush();
                if (s is FileStream fs) fs.Flush(flushToDisk: true);
            }
            if (File.Exists(target) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(target));
            }
            File.Move(temp, target, overwrite: true);
            temp = null;
            // The new entry reaches the disk too. If the folder cannot be synced the rename still happened whole:
            // after a crash there is the old file or the new one, never a mix, so that is not an error.
            DirectorySync.Flush(dir);
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

    /// <summary>Where a chain of symbolic links ends (the path itself when it is not a link, or does not exist yet).</summary>
    private static string FinalTarget(string full) =>
        new FileInfo(full).LinkTarget is not null && File.ResolveLinkTarget(full, returnFinalTarget: true) is { } target
            ? Path.GetFullPath(target.FullName)
            : full;

    private static Stream OpenTemp(string temp) =>
        new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None);

    private static void TryDelete(string? temp)
    {
        try
        {
            if (temp is not null && File.Exists(temp)) File.Delete(temp);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

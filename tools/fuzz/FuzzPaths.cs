namespace DomainCpu.Fuzz;

/// <summary>Where the repository is, and how a failing input is saved for replay.</summary>
public static class FuzzPaths
{
    /// <summary>The folder holding DomainCpu.sln, searched upwards from the program and the current folder.</summary>
    public static string RepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DomainCpu.sln"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException("cannot find the repository root (DomainCpu.sln)");
    }

    /// <summary>Writes a failure's inputs, arguments and stack to <c>DIR/failure-INDEX/</c>.</summary>
    public static void Save(string outDir, FuzzFailure f)
    {
        var dir = Path.Combine(outDir, $"failure-{f.Index}");
        Directory.CreateDirectory(dir);
        var args = f.Case.Args.ToArray();
        foreach (var (path, bytes) in f.Case.Files)
        {
            var target = Path.Combine(dir, Path.GetRelativePath(f.Case.WorkDir, path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, bytes);
        }
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith(f.Case.WorkDir, StringComparison.Ordinal))
            {
                args[i] = "{case}" + args[i][f.Case.WorkDir.Length..].Replace(Path.DirectorySeparatorChar, '/');
            }
        }
        if (f.Case.Stdin.Length > 0) File.WriteAllBytes(Path.Combine(dir, "stdin"), f.Case.Stdin);
        File.WriteAllLines(Path.Combine(dir, "args"), args);
        File.WriteAllText(Path.Combine(dir, "failure.txt"),
            $"{f.Signature}\nseed {f.Case.SeedName}, mutated {f.Case.MutatedSlot}: {string.Join("; ", f.Case.Steps)}\nexit {f.ExitCode}\n{f.Stderr}\n{f.Detail}\n");
    }
}

namespace DomainCpu.Fuzz;

/// <summary>
/// tools/fuzz: <c>dotnet run --project tools/fuzz -c Release -- [--count N] [--seed S] [--only INDEX] [--out DIR] [--threads T] [--first INDEX]</c>.
/// <c>--first</c> starts the run at input INDEX, so a long run can be split into chunks with the same inputs.
/// Seeds come from testdata/ and, when DOMAINCPU_CORPUS is set, the conformance corpus.
/// Exit 0: no failure; 1: failures found (each printed, and saved under --out); 2: usage.
/// </summary>
internal static class FuzzMain
{
    public static int Main(string[] args)
    {
        var count = 20_000;
        var seed = 1;
        int? only = null;
        string? outDir = null;
        var threads = 1;
        var first = 0;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--count": count = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--only": only = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--out": outDir = Next(); break;
                case "--first": first = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine("usage: fuzz [--count N] [--seed S] [--only INDEX] [--out DIR] [--threads T] [--first INDEX]");
                    return 2;
            }
        }

        var root = FuzzPaths.RepoRoot();
        var corpus = Environment.GetEnvironmentVariable("DOMAINCPU_CORPUS");
        var work = Path.Combine(Path.GetTempPath(), $"domaincpu-fuzz-{Environment.ProcessId}");
        var engine = new FuzzEngine(SeedCorpus.Load(root, corpus), work);
        try
        {
            if (only is { } index)
            {
                var (c, failure, exit) = engine.RunOne(seed, index);
                Console.WriteLine($"#{index}: {string.Join(' ', c.Args)}");
                Console.WriteLine($"  seed {c.SeedName}, mutated {c.MutatedSlot}: {string.Join("; ", c.Steps)}");
                Console.WriteLine($"  exit {exit}");
                Console.WriteLine(engine.LastStderr);
                if (failure is not null) Console.WriteLine(failure.Detail);
                if (outDir is not null) FuzzPaths.Save(outDir, failure ?? new FuzzFailure(index, "(no failure)", "", c, exit, ""));
                return failure is null ? 0 : 1;
            }
            var report = engine.Run(seed, count, first, threads, progress: n =>
            {
                if (n % 5000 == 0) Console.Error.WriteLine($"fuzz: {n} inputs");
            });
            Console.Write(report.Summary());
            foreach (var f in report.Failures)
            {
                Console.WriteLine($"--- #{f.Index} {string.Join(' ', f.Case.Args)}");
                Console.WriteLine($"    seed {f.Case.SeedName}, mutated {f.Case.MutatedSlot}: {string.Join("; ", f.Case.Steps)}");
                Console.WriteLine(f.Detail);
                if (outDir is not null) FuzzPaths.Save(outDir, f);
            }
            return report.Failures.Count == 0 ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }
}

using System.Diagnostics;
using BenchmarkDotNet.Running;
using DomainCpu.Benchmarks;

// dotnet run -c Release --project tools/DomainCpu.Benchmarks -- [--filter '*CatalogLoad*']
// --quick: the best of many interleaved runs of each benchmark (robust on a busy machine).
if (args is ["--quick"])
{
    var catalog = new CatalogLoadBenchmarks();
    catalog.Setup();
    var compat = new CompatBenchmarks();
    compat.Setup();
    var runs = new (string Name, int Repeat, Action Run)[]
    {
        ("Load", 300, () => catalog.Load()),
        ("ReadXmlOnly", 300, () => catalog.ReadXmlOnly()),
        ("Baseline10000Hosts", 100, () => compat.Baseline10000Hosts()),
        ("Compare100000Pairs", 5, () => compat.Compare100000Pairs()),
    };
    foreach (var (name, repeat, run) in runs)
    {
        run();
        var best = double.MaxValue;
        for (var i = 0; i < repeat; i++)
        {
            var sw = Stopwatch.StartNew();
            run();
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"{name,-20} best {best,10:F3} ms");
    }
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(CatalogLoadBenchmarks).Assembly).Run(args);

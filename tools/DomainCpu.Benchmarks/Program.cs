using System.Diagnostics;
using BenchmarkDotNet.Running;
using DomainCpu.Benchmarks;

// dotnet run -c Release --project tools/DomainCpu.Benchmarks -- [--filter '*CatalogLoad*']
// --quick: the best of many runs of each benchmark, wall clock and thread CPU time (robust on a busy machine).
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
        double best = double.MaxValue, bestCpu = double.MaxValue;
        for (var i = 0; i < repeat; i++)
        {
            var cpu = ThreadClock.Milliseconds();
            var sw = Stopwatch.StartNew();
            run();
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
            bestCpu = Math.Min(bestCpu, ThreadClock.Milliseconds() - cpu);
        }
        Console.WriteLine($"{name,-20} best {best,10:F3} ms wall, {bestCpu,10:F3} ms thread CPU");
    }
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(CatalogLoadBenchmarks).Assembly).Run(args);

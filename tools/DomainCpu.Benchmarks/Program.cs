using System.Diagnostics;
using BenchmarkDotNet.Running;
using DomainCpu.Benchmarks;

// dotnet run -c Release --project tools/DomainCpu.Benchmarks -- [--filter '*CatalogLoad*' | '*Validate*']
// --quick: the best of many interleaved runs of the catalog benchmarks (robust on a busy machine).
if (args is ["--quick"])
{
    var b = new CatalogLoadBenchmarks();
    b.Setup();
    var best = new double[2];
    Array.Fill(best, double.MaxValue);
    for (var i = 0; i < 300; i++)
    {
        var sw = Stopwatch.StartNew();
        b.Load();
        best[0] = Math.Min(best[0], sw.Elapsed.TotalMilliseconds);
        sw.Restart();
        b.ReadXmlOnly();
        best[1] = Math.Min(best[1], sw.Elapsed.TotalMilliseconds);
    }
    Console.WriteLine($"Load        best {best[0]:F3} ms");
    Console.WriteLine($"ReadXmlOnly best {best[1]:F3} ms");
    return;
}
// --quick-validate: the best of 30 rounds of validating the benchmark's domain files (see ValidateBenchmarks).
if (args is ["--quick-validate"])
{
    var v = new ValidateBenchmarks();
    v.Setup();
    var best = new[] { double.MaxValue, double.MaxValue };
    for (var i = 0; i < 30; i++)
    {
        var sw = Stopwatch.StartNew();
        v.ValidateBytes();
        best[0] = Math.Min(best[0], sw.Elapsed.TotalMilliseconds);
        sw.Restart();
        v.LoadAndValidate();
        best[1] = Math.Min(best[1], sw.Elapsed.TotalMilliseconds);
    }
    Console.WriteLine($"ValidateBytes   best {best[0]:F1} ms");
    Console.WriteLine($"LoadAndValidate best {best[1]:F1} ms");
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(CatalogLoadBenchmarks).Assembly).Run(args);

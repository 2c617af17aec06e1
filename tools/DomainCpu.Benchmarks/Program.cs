using BenchmarkDotNet.Running;

// dotnet run -c Release --project tools/DomainCpu.Benchmarks -- [--filter '*Catalog*']
BenchmarkSwitcher.FromAssembly(typeof(DomainCpu.Benchmarks.CatalogLoadBenchmarks).Assembly).Run(args);

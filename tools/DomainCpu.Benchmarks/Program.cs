using BenchmarkDotNet.Running;

namespace DomainCpu.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release --project tools/DomainCpu.Benchmarks [-- --filter *]</c>.</summary>
internal static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

using System.Diagnostics;
using BenchmarkDotNet.Running;
using DomainCpu.Benchmarks;

// dotnet run -c Release --project tools/DomainCpu.Benchmarks -- [--filter '*CatalogLoad*' | '*Validate*' | '*Probe*' | '*Compat*']
// --quick-fleet: see FleetBenchmarks (DOMAINCPU_POOL_DIR or DOMAINCPU_CORPUS).
// --quick: the best and the median of many interleaved runs of the catalog and probe benchmarks (robust on a busy machine).
if (args is ["--quick"])
{
    var catalogs = new[] { "7.2", "10.0", "11.1" }.Select(r =>
    {
        var b = new CatalogLoadBenchmarks { Release = r };
        b.Setup();
        return b;
    }).ToList();
    var p = new HostProbeBenchmarks();
    p.Setup();
    var runs = new (string Name, Action Run)[]
    {
        ("Catalog Load 7.2", () => catalogs[0].Load()),
        ("Catalog Load 10.0", () => catalogs[1].Load()),
        ("Catalog Load 11.1", () => catalogs[2].Load()),
        ("Catalog ReadXmlOnly", () => catalogs[0].ReadXmlOnly()),
        ("Probe CpuidRead", () => p.CpuidRead()),
        ("Probe CpuidReadWithMsr", () => p.CpuidReadWithMsr()),
        ("Probe DecodeOnly", () => p.DecodeOnly()),
        ("Probe ProbeAndDecode", () => p.ProbeAndDecode()),
        ("Probe FeatureLeavesAndDecode", () => p.ProbeFeatureLeavesAndDecode()),
        ("Probe ProbeAndDecodeCold", () => p.ProbeAndDecodeCold()),
    };
    var times = runs.Select(_ => new List<double>()).ToArray();
    for (var i = 0; i < 300; i++)
    {
        for (var k = 0; k < runs.Length; k++)
        {
            var sw = Stopwatch.StartNew();
            runs[k].Run();
            times[k].Add(sw.Elapsed.TotalMilliseconds);
        }
    }
    for (var k = 0; k < runs.Length; k++)
    {
        var sorted = times[k].Order().ToList();
        Console.WriteLine($"{runs[k].Name,-26} best {sorted[0]:F3} ms  median {sorted[sorted.Count / 2]:F3} ms");
    }
    return;
}
// --quick-cpumap: the best and the median of 100 interleaved loads of each release's cpu_map (DOMAINCPU_CORPUS), from its
// directory, from its files in memory, and from the embedded table of its models.
if (args is ["--quick-cpumap"])
{
    var maps = new[] { "libvirt-9.0", "libvirt-11.3", "libvirt-12.8" }.Select(r => new CpuMapLoadBenchmarks { Release = r }).ToList();
    foreach (var m in maps) m.Setup();
    var embedded = maps.Select(m => new EmbeddedCpuMapLoadBenchmarks { Release = m.Release["libvirt-".Length..] }).ToList();
    var times = maps.Select(_ => (Dir: new List<double>(), Mem: new List<double>(), Embedded: new List<double>())).ToArray();
    for (var i = 0; i < 100; i++)
    {
        for (var k = 0; k < maps.Count; k++)
        {
            var sw = Stopwatch.StartNew();
            maps[k].LoadDirectory();
            times[k].Dir.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            maps[k].LoadFromMemory();
            times[k].Mem.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            embedded[k].Load();
            times[k].Embedded.Add(sw.Elapsed.TotalMilliseconds);
        }
    }
    static string Best(List<double> t) => $"best {t.Min():F2} ms median {t.Order().ElementAt(t.Count / 2):F2} ms";
    for (var k = 0; k < maps.Count; k++)
    {
        Console.WriteLine($"{maps[k].Release,-13} directory {Best(times[k].Dir)}; from memory {Best(times[k].Mem)}; embedded {Best(times[k].Embedded)}");
    }
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
// --quick-compat: the best of many runs of baseline and compare, wall clock and thread CPU time.
if (args is ["--quick-compat"])
{
    var compat = new CompatBenchmarks();
    compat.Setup();
    var runs = new (string Name, int Repeat, Action Run)[]
    {
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
// --quick-fleet [STEP]: the best and the median of 10 runs of each fleet step (or those whose name contains STEP), wall
// clock and thread CPU time, with throughput.
if (args is ["--quick-fleet", ..] && args.Length <= 2)
{
    var fleet = new FleetBenchmarks();
    fleet.Setup();
    var (hostsFile, caps) = fleet.Sizes;
    foreach (var (name, run) in fleet.Steps().Where(s => args.Length == 1 || s.Name.Contains(args[1], StringComparison.OrdinalIgnoreCase)))
    {
        run();
        var wall = new List<double>();
        var cpu = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var c0 = ThreadClock.Milliseconds();
            var sw = Stopwatch.StartNew();
            run();
            wall.Add(sw.Elapsed.TotalMilliseconds);
            cpu.Add(ThreadClock.Milliseconds() - c0);
        }
        wall.Sort();
        cpu.Sort();
        var bytes = name.Contains("Hosts") ? hostsFile : caps;
        Console.WriteLine($"{name,-20} wall best {wall[0],8:F1} ms median {wall[5],8:F1} ms   thread CPU best {cpu[0],8:F1} ms median {cpu[5],8:F1} ms   {bytes / 1e6 / (cpu[0] / 1e3),6:F0} MB/s of CPU");
    }
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(CatalogLoadBenchmarks).Assembly).Run(args);

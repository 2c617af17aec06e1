using BenchmarkDotNet.Attributes;
using DomainCpu.Catalog;
using DomainCpu.Host;
using DomainCpu.Model;
using DomainCpu.Catalog.Libvirt;

namespace DomainCpu.Benchmarks;

/// <summary>Probing this machine (the hook path's host input; the budget is 3 ms): the CPUID read alone, the read
/// with IA32_ARCH_CAPABILITIES, and the read decoded into the host <c>&lt;cpu&gt;</c> with the default CPU models (the
/// newest release's embedded cpu_map models), warm (models already read) and cold (the newest release's models read
/// from the embedded table first, as a fresh process pays it once).</summary>
[MemoryDiagnoser]
public class HostProbeBenchmarks
{
    private CpuCatalog _catalog = null!;
    private CpuidData _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        _catalog = LibvirtCpu.DefaultModels;
        _data = ProbeWithMsrs();
    }

    private static CpuidData ProbeWithMsrs() => HostMsrs.WithArchCapabilities(CpuidProbe.Probe(), HostMsrs.Read);

    /// <summary>Every CPUID leaf and subleaf libvirt reads.</summary>
    [Benchmark]
    public object CpuidRead() => CpuidProbe.Probe();

    /// <summary>The CPUID read plus IA32_ARCH_CAPABILITIES (msr device, then KVM's feature MSRs).</summary>
    [Benchmark]
    public object CpuidReadWithMsr() => ProbeWithMsrs();

    /// <summary>Decoding data already read into the host CPU (model choice, vendor, signature, extra features).</summary>
    [Benchmark]
    public HostCpu DecodeOnly() => HostDecoder.Decode(_catalog, _data, HostFacts.None);

    /// <summary>A full probe (every leaf libvirt reads, as <c>capabilities</c> does) and decode, catalog built.</summary>
    [Benchmark]
    public HostCpu ProbeAndDecode() => HostDecoder.Decode(_catalog, ProbeWithMsrs(), HostFacts.None);

    /// <summary>What <c>expand --live</c> pays: only the leaves the catalog's features live in, then decode.</summary>
    [Benchmark]
    public HostCpu ProbeFeatureLeavesAndDecode() =>
        HostDecoder.Decode(_catalog, HostMsrs.WithArchCapabilities(CpuidProbe.ProbeFor(_catalog), HostMsrs.Read), HostFacts.None);

    /// <summary>A fresh process's first probe: read the newest release's models from the embedded table, probe, decode.</summary>
    [Benchmark]
    public HostCpu ProbeAndDecodeCold() =>
        HostDecoder.Decode(EmbeddedCpuMaps.Load(EmbeddedCpuMaps.Releases[^1]), ProbeWithMsrs(), HostFacts.None);
}

namespace DomainCpu.Conformance;

/// <summary>Pass-rate floors of libvirt 11.3's cputest and domaincaps kinds (they only go up; 0.99 is the acceptance
/// bar) and the reason for every case we miss.</summary>
public static class Libvirt113Floors
{
    public static readonly IReadOnlyDictionary<string, double> Floors = new Dictionary<string, double>
    {
        ["compare"] = 1.0,
        ["update"] = 0.8,
        ["guestcpu"] = 0.5,
        ["baseline"] = 1.0,
        ["cpuid-baseline"] = 1.0,
        ["hasfeature"] = 1.0,
        ["cpuid-host"] = 1.0,
        ["cpuid-json"] = 1.0,
        ["cpuid-guest"] = 1.0,
        ["cpuid-signature"] = 1.0,
        ["cpuid-json-signature"] = 1.0,
        ["cpuid-updatelive"] = 1.0,
        ["domaincaps-host-model"] = 1.0,
    };

    /// <summary>kind/case (or kind/* for a whole kind) → why we miss it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Explanations = new Dictionary<string, string>
    {
        ["update/x86_64-host.xml+x86_64-guest.xml"] = ClustersDefault,
        ["guestcpu/x86_64-host.xml+x86_64-guest.xml models=(none)"] = ClustersDefault,
        ["guestcpu/x86_64-host-worse.xml+x86_64-guest.xml models=(none)"] = ClustersDefault,
        ["guestcpu/x86_64-host.xml+x86_64-guest.xml models=486"] = ClustersDefault,
        ["guestcpu/x86_64-host.xml+x86_64-guest.xml models=qemu64,core2duo,Nehalem"] = ClustersDefault,
        ["guestcpu/x86_64-host-Haswell-noTSX.xml+x86_64-Haswell.xml models=SandyBridge,Haswell"] = ClustersDefault,
        ["guestcpu/x86_64-host-Haswell-noTSX.xml+x86_64-Haswell-noTSX.xml models=SandyBridge,Haswell"] = ClustersDefault,
        ["guestcpu/x86_64-host-Haswell-noTSX.xml+x86_64-Haswell-noTSX.xml models=(none)"] = ClustersDefault,
    };

    private const string ClustersDefault =
        "libvirt 11.3 parses a <topology> without clusters as clusters='1' (ClustersInTopology); expand does not apply the parse defaults of the target yet, so the topology lacks clusters='1' (the CPU model and features agree)";
}

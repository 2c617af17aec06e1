namespace DomainCpu.Model;

/// <summary>The names of the <c>&lt;qemuCaps&gt;</c> flags that change CPU arguments.</summary>
internal static class QemuCapabilityFlags
{
    /// <summary>host-passthrough and maximum take <c>migratable=</c>.</summary>
    public const string CpuMigratable = "cpu.migratable";

    /// <summary>The <c>l3-cache</c> and <c>host-cache-info</c> properties exist.</summary>
    public const string CpuCache = "cpu-cache";

    /// <summary>The <c>max</c> CPU model exists (maximum mode).</summary>
    public const string CpuMax = "cpu-max";

    /// <summary><c>-smp</c> takes <c>dies=</c>.</summary>
    public const string SmpDies = "smp-dies";

    /// <summary><c>-smp</c> takes <c>clusters=</c> (libvirt probes it since 10.1).</summary>
    public const string SmpClusters = "smp-clusters";

    /// <summary>QEMU reports which vCPUs can be hot-plugged (topology must match the vCPU count).</summary>
    public const string QueryHotpluggableCpus = "query-hotpluggable-cpus";

    /// <summary>QEMU reports unavailable features of CPU models.</summary>
    public const string CpuUnavailableFeatures = "cpu-unavailable-features";

    /// <summary>KVM is available.</summary>
    public const string Kvm = "kvm";
}

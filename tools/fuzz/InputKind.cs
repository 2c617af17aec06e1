namespace DomainCpu.Fuzz;

/// <summary>What a seed file is, by its root element: decides which command argument it can feed.</summary>
public enum InputKind
{
    /// <summary>A <c>&lt;domain&gt;</c> document.</summary>
    Domain,
    /// <summary>A standalone guest <c>&lt;cpu&gt;</c>.</summary>
    Cpu,
    /// <summary>A standalone host <c>&lt;cpu&gt;</c> (one with an <c>&lt;arch&gt;</c>, as host capabilities write it).</summary>
    HostCpu,
    /// <summary>Host <c>&lt;capabilities&gt;</c>.</summary>
    Capabilities,
    /// <summary><c>&lt;domainCapabilities&gt;</c>.</summary>
    DomainCapabilities,
    /// <summary>libvirt's <c>&lt;qemuCaps&gt;</c> record of a QEMU binary.</summary>
    QemuCaps,
    /// <summary>A <c>&lt;cpuTest&gt;</c> wrapper of several CPUs.</summary>
    CpuTest,
    /// <summary>A raw CPUID dump (<c>&lt;cpudata&gt;</c>).</summary>
    CpuData,
    /// <summary>QEMU's QMP replies (JSON).</summary>
    Json,
    /// <summary>Any other XML.</summary>
    Other,
}

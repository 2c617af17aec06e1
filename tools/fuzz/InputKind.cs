namespace DomainCpu.Fuzz;

/// <summary>What a seed file is, by its root element: decides which command argument it can feed.</summary>
public enum InputKind
{
    /// <summary>A <c>&lt;domain&gt;</c> document.</summary>
    Domain,
    /// <summary>A standalone <c>&lt;cpu&gt;</c> (guest or host).</summary>
    Cpu,
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

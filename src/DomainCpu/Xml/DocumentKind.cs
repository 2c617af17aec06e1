namespace DomainCpu.Xml;

/// <summary>What a document's root element says it is.</summary>
public enum DocumentKind
{
    /// <summary>A <c>&lt;domain&gt;</c>.</summary>
    Domain,
    /// <summary>Host <c>&lt;capabilities&gt;</c>.</summary>
    Capabilities,
    /// <summary><c>&lt;domainCapabilities&gt;</c>.</summary>
    DomainCapabilities,
    /// <summary>A standalone <c>&lt;cpu&gt;</c>.</summary>
    Cpu,
    /// <summary>libvirt's test wrapper <c>&lt;cpuTest&gt;</c> holding several <c>&lt;cpu&gt;</c>s.</summary>
    CpuTest,
    /// <summary>Anything else.</summary>
    Other,
}

namespace DomainCpu.Model;

/// <summary>How the guest CPU is chosen (<c>&lt;cpu mode=…&gt;</c>).</summary>
public enum CpuMode
{
    /// <summary>A named model plus features (<c>custom</c>, the default).</summary>
    Custom,
    /// <summary>The host's CPU as a migratable model, expanded at start (<c>host-model</c>).</summary>
    HostModel,
    /// <summary>The host CPU as is (<c>host-passthrough</c>).</summary>
    HostPassthrough,
    /// <summary>Everything the hypervisor can offer (<c>maximum</c>).</summary>
    Maximum,
}

/// <summary>How strictly a custom CPU must match (<c>&lt;cpu match=…&gt;</c>).</summary>
public enum CpuMatch
{
    /// <summary>Exactly the model and features given (<c>exact</c>, the default).</summary>
    Exact,
    /// <summary>At least the model and features given; the host may add more (<c>minimum</c>).</summary>
    Minimum,
    /// <summary>The host must not have features beyond those given (<c>strict</c>).</summary>
    Strict,
}

/// <summary>How the hypervisor's CPU is checked against the definition (<c>&lt;cpu check=…&gt;</c>).</summary>
public enum CpuCheck
{
    /// <summary>No check (<c>none</c>).</summary>
    None,
    /// <summary>Checked against the host before start (<c>partial</c>).</summary>
    Partial,
    /// <summary>Also checked against what the hypervisor really gave the guest (<c>full</c>).</summary>
    Full,
}

/// <summary>What a <c>&lt;feature policy=…&gt;</c> asks for.</summary>
public enum FeaturePolicy
{
    /// <summary>Present even if the host lacks it (<c>force</c>).</summary>
    Force,
    /// <summary>Present; the host must provide it (<c>require</c>, the default).</summary>
    Require,
    /// <summary>Present if the host has it (<c>optional</c>).</summary>
    Optional,
    /// <summary>Never present (<c>disable</c>).</summary>
    Disable,
    /// <summary>Never present; the guest must not start on a host that has it (<c>forbid</c>).</summary>
    Forbid,
}

/// <summary>Whether another model may be used when the named one is not available (<c>&lt;model fallback=…&gt;</c>).</summary>
public enum CpuFallback
{
    /// <summary>A close model may be used instead (<c>allow</c>, the default).</summary>
    Allow,
    /// <summary>Only the named model (<c>forbid</c>).</summary>
    Forbid,
}

/// <summary>The <c>&lt;cache mode=…&gt;</c> of a guest CPU.</summary>
public enum CacheMode
{
    /// <summary>Emulated cache information (<c>emulate</c>).</summary>
    Emulate,
    /// <summary>The host's cache information (<c>passthrough</c>).</summary>
    Passthrough,
    /// <summary>No cache information (<c>disable</c>).</summary>
    Disable,
}

/// <summary>The <c>&lt;maxphysaddr mode=…&gt;</c> of a CPU.</summary>
public enum MaxPhysAddrMode
{
    /// <summary>A given number of address bits (<c>emulate</c>).</summary>
    Emulate,
    /// <summary>The host's number of address bits (<c>passthrough</c>).</summary>
    Passthrough,
}

/// <summary>Whether a CPU definition describes a guest or a host.</summary>
public enum CpuType
{
    /// <summary>A guest CPU: a domain's <c>&lt;cpu&gt;</c>, or a compare/baseline result.</summary>
    Guest,
    /// <summary>A host CPU: capabilities' <c>&lt;host&gt;&lt;cpu&gt;</c> (has <c>&lt;arch&gt;</c>).</summary>
    Host,
}

namespace DomainCpu.Xml;

/// <summary>
/// The bounds every input is held to, enforced in one place (<see cref="XmlSafety"/> and the CPU reader).
/// The defaults are generous for real domain, capabilities and CPU files and small enough that hostile
/// input cannot exhaust memory or time.
/// </summary>
public sealed record InputLimits
{
    /// <summary>The default limits.</summary>
    public static InputLimits Default { get; } = new();

    /// <summary>The largest document, in bytes (64 MiB: a pool of 10,000 host CPUs is about 8 MiB).</summary>
    public long MaxDocumentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The largest pool of host CPUs read as a stream (<see cref="HostCpuPoolReader"/>), in bytes (16 GiB, about
    /// 20 million host CPUs). The streaming reader holds one element at a time, so it bounds each top-level element
    /// by <see cref="MaxDocumentBytes"/> instead of the whole input.</summary>
    public long MaxPoolBytes { get; init; } = 16L * 1024 * 1024 * 1024;

    /// <summary>The deepest element nesting.</summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>The longest attribute value, in characters.</summary>
    public int MaxAttributeLength { get; init; } = 64 * 1024;

    /// <summary>The longest text node, in characters.</summary>
    public int MaxTextLength { get; init; } = 1024 * 1024;

    /// <summary>The most attributes on one element.</summary>
    public int MaxAttributesPerElement { get; init; } = 256;

    /// <summary>The most features in one CPU.</summary>
    public int MaxFeatures { get; init; } = 2048;

    /// <summary>The most NUMA cells in one CPU.</summary>
    public int MaxNumaCells { get; init; } = 4096;

    /// <summary>The deepest nesting of objects and arrays in QEMU's JSON replies (they need four levels).</summary>
    public int MaxJsonDepth { get; init; } = 64;
}

namespace DomainCpu.Qemu;

/// <summary>One comma-separated part of a <c>-cpu</c> value after the model, with where it came from.</summary>
/// <param name="Name">The property name (the text before <c>=</c>).</param>
/// <param name="Value">The value; null for a bare flag such as <c>hv-crash</c>.</param>
/// <param name="Origin">The setting that produced it, for warnings (e.g. <c>&lt;features&gt;&lt;pmu&gt;</c>).</param>
internal sealed record CpuProperty(string Name, string? Value, string Origin)
{
    /// <summary>The text as it appears in the <c>-cpu</c> value.</summary>
    public override string ToString() => Value is null ? Name : $"{Name}={Value}";
}

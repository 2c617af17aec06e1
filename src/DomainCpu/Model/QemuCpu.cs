using System.Collections.Immutable;

namespace DomainCpu.Model;

/// <summary>
/// The <c>&lt;qemu:cpu&gt;</c> element (qemu namespace): a raw base for QEMU's <c>-cpu</c> argument,
/// a model and options passed through untranslated. Using it taints the domain custom-cpu.
/// </summary>
/// <param name="Model">The QEMU model name (<c>&lt;qemu:model name=…/&gt;</c>); null when not given.</param>
/// <param name="Options">The options (<c>&lt;qemu:option name value/&gt;</c>) in document order.</param>
public sealed record QemuCpu(string? Model, ImmutableArray<QemuCpuOption> Options)
{
    /// <summary>Value equality over the option list too.</summary>
    public bool Equals(QemuCpu? other) =>
        other is not null && Model == other.Model && Options.SequenceEqual(other.Options);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Model, Options.Length);
}

/// <summary>One <c>&lt;qemu:option name value/&gt;</c> of <c>&lt;qemu:cpu&gt;</c>.</summary>
/// <param name="Name">The option name, as QEMU spells it.</param>
/// <param name="Value">The value; null for a bare flag (written as just the name).</param>
public sealed record QemuCpuOption(string Name, string? Value);

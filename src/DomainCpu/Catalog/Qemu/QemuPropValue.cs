namespace DomainCpu.Catalog.Qemu;

/// <summary>The type of a QEMU CPU property value.</summary>
internal enum QemuPropKind
{
    /// <summary>on/off.</summary>
    Bool,
    /// <summary>An integer, kept as its decimal text (some exceed 64-bit signed range).</summary>
    Int,
    /// <summary>A string.</summary>
    String,
}

/// <summary>A QEMU CPU property value as QMP reports it.</summary>
/// <param name="Kind">The value's type.</param>
/// <param name="Text">on/off for booleans, decimal digits for integers, the text for strings.</param>
internal readonly record struct QemuPropValue(QemuPropKind Kind, string Text)
{
    /// <summary>A boolean value.</summary>
    public static QemuPropValue Of(bool value) => new(QemuPropKind.Bool, value ? "on" : "off");

    /// <summary>An integer value.</summary>
    public static QemuPropValue Of(long value) => new(QemuPropKind.Int, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A string value.</summary>
    public static QemuPropValue Of(string value) => new(QemuPropKind.String, value);

    /// <summary>Whether this is the boolean true.</summary>
    public bool IsOn => Kind == QemuPropKind.Bool && Text == "on";

    /// <inheritdoc />
    public override string ToString() => Text;
}

/// <summary>One property set on a CPU: by a machine type's compatibility rules or by an accelerator.</summary>
/// <param name="Prop">QEMU's property name.</param>
/// <param name="Value">The value set.</param>
/// <param name="Names">The CPU names (as given to <c>-cpu</c>) it applies to; empty = every CPU.</param>
internal sealed record QemuPropOverride(string Prop, QemuPropValue Value, System.Collections.Immutable.ImmutableArray<string> Names)
{
    /// <summary>Whether the override applies to the CPU name given to <c>-cpu</c>.</summary>
    public bool AppliesTo(string cpuName) => Names.IsDefaultOrEmpty || Names.Contains(cpuName, StringComparer.Ordinal);
}

using System.Collections.Immutable;

namespace DomainCpu.Catalog.Qemu;

/// <summary>
/// QEMU's command-line option table (<c>qemu-options.def</c>) as one release has it: every option name (without its
/// dash) and whether it takes an argument. QEMU looks every word that starts with a dash up in it before it acts on any
/// (<c>lookup_opt</c>), and exits on a name it lacks or on an option that needs an argument at the end of the line.
/// </summary>
/// <param name="Options">Each option's name and whether it takes an argument.</param>
internal sealed record QemuOptionTable(ImmutableSortedDictionary<string, bool> Options)
{
    /// <summary>A catalog without the table (an older catalog file): nothing is known about QEMU's options.</summary>
    public static QemuOptionTable Unknown { get; } = new(ImmutableSortedDictionary<string, bool>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>Whether the table lists any option.</summary>
    public bool IsKnown => !Options.IsEmpty;

    /// <summary>Whether the option takes an argument; null when QEMU has no such option.</summary>
    /// <param name="name">The option's name without its dash (<c>name</c>).</param>
    public bool? TakesArgument(string name) => Options.TryGetValue(name, out var takes) ? takes : null;

    /// <summary>The table of the given options.</summary>
    public static QemuOptionTable Of(IEnumerable<KeyValuePair<string, bool>> options) =>
        new(options.ToImmutableSortedDictionary(StringComparer.Ordinal));

    /// <inheritdoc/>
    public bool Equals(QemuOptionTable? other) => other is not null && Options.SequenceEqual(other.Options);

    /// <inheritdoc/>
    public override int GetHashCode() => Options.Count;
}
